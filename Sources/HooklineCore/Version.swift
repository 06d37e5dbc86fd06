public enum HooklineVersion {
    public static let string = "0.1.0"
}
