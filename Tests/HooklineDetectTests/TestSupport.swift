import HooklineCore
import XCTest
@testable import HooklineDetect

/// Builds a string from code points, so the fixtures say exactly which characters they use.
func scalars(_ values: UInt32...) -> String {
    String(String.UnicodeScalarView(values.compactMap(Unicode.Scalar.init)))
}

/// A stream database of test patterns, which must compile (a fixture error, not a finding).
func streamPatterns(_ specs: [PatternSpec]) -> PatternDatabase {
    do {
        return try PatternDatabase(specs, mode: .stream)
    } catch {
        fatalError("test patterns must compile: \(error)")
    }
}

/// Feeds views given as (view, chunks) to `analyzer`; chunks are fed as separate text() calls.
func feed(_ analyzer: TextAnalyzer, _ views: [(TextView, [[UInt8]])]) {
    for (view, chunks) in views {
        analyzer.begin(view)
        for chunk in chunks {
            chunk.withUnsafeBytes { analyzer.text($0) }
        }
        analyzer.end()
    }
}

/// Runs one analyzer over views given as (view, chunks).
func analyze(
    _ views: [(TextView, [[UInt8]])], patterns: PatternDatabase? = nil,
    limits: Limits = .default, regions: [String] = ["US"]
) -> TextFindings {
    let analyzer = TextAnalyzer(patterns: patterns, limits: limits, regions: regions)
    feed(analyzer, views)
    return analyzer.finish()
}

func analyze(
    _ text: String, view: TextView = .plain, patterns: PatternDatabase? = nil,
    limits: Limits = .default, regions: [String] = ["US"]
) -> TextFindings {
    analyze([(view, [Array(text.utf8)])], patterns: patterns, limits: limits, regions: regions)
}

func phones(in text: String, regions: [String] = ["US"]) -> [String] {
    analyze(text, regions: regions).phones.map(\.e164)
}

/// Numbers read from one plain-text view, with the addresses' country hints a message
/// would give (the national-format tests).
func found(_ text: String, recipient: [String] = [], sender: [String] = []) -> [String] {
    let analyzer = TextAnalyzer(patterns: nil, limits: .default, regions: ["US"])
    analyzer.setAddressRegionHints(recipient: recipient, sender: sender)
    analyzer.begin(.plain)
    Array(text.utf8).withUnsafeBytes { analyzer.text($0) }
    analyzer.end()
    return analyzer.finish().phones.map(\.e164)
}

func normalized(_ text: String) -> String { PatternDatabase.normalized(text) }
