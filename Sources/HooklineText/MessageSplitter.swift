import HooklineCore

/// Splits a raw RFC 5322 message (as read from an .eml file) into the header
/// fields and body chunks a milter would receive (STUB — owned by the text work).
public final class MessageSplitter {
    public init(limits: Limits,
                onHeader: @escaping (String, UnsafeRawBufferPointer) -> Void,
                onEndOfHeaders: @escaping () -> Void,
                onBody: @escaping (UnsafeRawBufferPointer) -> Void) {}
    public func feed(_ chunk: UnsafeRawBufferPointer) {}
    public func finish() {}
}
