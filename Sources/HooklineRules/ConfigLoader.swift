import HooklineCore

/// A located problem in a config or rule file: `FILE:LINE:COLUMN: message`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// The one loader used by `run`, `check-config` and reload (STUB API).
public enum ConfigLoader {
    /// SPEC §2 lookup order: --config, $HOOKLINE_CONFIG, /etc/hookline/hookline.yaml, ./Config/hookline.yaml.
    public static func locate(explicit: String?) -> String? { explicit }
    /// Decode, validate and compile. Either a ready engine or every problem found.
    public static func load(path: String) -> Result<Engine, LoadFailure> {
        var c = HooklineConfig(); c.path = path
        return .success(Engine(config: c))
    }
}

public struct LoadFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ d: [Diagnostic]) { diagnostics = d }
}
