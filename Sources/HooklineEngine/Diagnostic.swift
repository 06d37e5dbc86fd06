/// Where a config or rule value came from, so every problem found while loading
/// or compiling it can name the place an administrator has to edit.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    public var description: String { "\(file):\(line):\(column)" }
}

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

public struct LoadFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ d: [Diagnostic]) { diagnostics = d }
}
