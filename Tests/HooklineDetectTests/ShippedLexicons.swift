import Foundation

/// The regexes of the shipped `Config/rules/10-lexicons.yaml`, as written (one `- '…'` item a
/// line, `''` for a quote): the tests that hold a compile-time reading of expressions to
/// Vectorscan's run it over what the project ships, not only over cases written for them.
enum ShippedLexicons {
    static func expressions() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Config/rules/10-lexicons.yaml"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let item = line.drop { $0 == " " }
            guard item.hasPrefix("- '"), item.hasSuffix("'") else { return nil }
            return String(item.dropFirst(3).dropLast()).replacingOccurrences(of: "''", with: "'")
        }
    }
}
