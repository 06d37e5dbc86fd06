import XCTest
import Yams

@testable import HooklineLoader

/// The config reader parses with Yams' rule-less resolver (``YAMLReader/resolver``) instead
/// of its default one, whose seven regexes kept ICU's regex engine resident in the daemon.
/// Every answer a reader gives must be the one the default resolver gave: generated
/// documents with hostile scalars (YAML 1.1 booleans, numbers in every base, nulls,
/// timestamps, merge and value keys, explicit tags, every quoting style) read both ways.
final class YAMLResolverTests: XCTestCase {
    /// The reader before the change: default resolver, `Tag(.null)` compared as a Tag.
    private func referenceIsNull(_ node: Node) -> Bool {
        guard case let .scalar(s) = node else { return false }
        return s.tag == Tag(.null) || ["", "~", "null", "Null", "NULL"].contains(s.string) && s.style == .plain
    }

    /// Everything a reader can see of a tree: structure, key order, each scalar's text and
    /// style, and what `isNull`, `bool`, `int` and `double` answer for it.
    private func describe(_ node: Node, _ r: YAMLReader, isNull: (Node) -> Bool) -> String {
        switch node {
        case .scalar(let s):
            let b = r.bool(node, what: "b").map { "\($0)" } ?? "-"
            let i = r.int(node, what: "i", min: Int.min).map { "\($0)" } ?? "-"
            let d = r.double(node, what: "d").map { "\($0)" } ?? "-"
            return "S(\(s.style.rawValue),\(s.string.debugDescription),\(isNull(node)),\(b),\(i),\(d))"
        case .mapping:
            let entries = r.mapping(node, what: "m") ?? []
            return "M{" + entries.map { "\($0.key.debugDescription):" + describe($0.value, r, isNull: isNull) }.joined(separator: ",") + "}"
        case .sequence(let seq):
            return "Q[" + seq.map { describe($0, r, isNull: isNull) }.joined(separator: ",") + "]"
        case .alias:
            return "A"
        }
    }

    /// Texts that are safe as plain scalars and that the default resolver reads as
    /// something other than a string, plus a few strings.
    private static let plainTexts = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "y", "n", "~", "null", "Null", "NULL", "nil",
        "0", "1", "-1", "+7", "007", "0b101", "-0b1", "0o17", "017", "0x1F", "-0xff", "1_000", "190:20:30",
        "1.5", "-.5e3", ".inf", "-.Inf", ".NaN", "6.8523015e+5", "685_230.15", "190:20:30.15",
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "<<", "=",
        "tag", "quarantine", "phrase with words", "café", "x1", "1x", "0x", "1e", "--", "a:b",
    ]

    private struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
    }

    private func scalar(_ rng: inout Rng) -> String {
        let t = Self.plainTexts[rng.next(Self.plainTexts.count)]
        switch rng.next(9) {
        case 0, 1, 2: return t
        case 3: return "'\(t.replacingOccurrences(of: "'", with: "''"))'"
        case 4: return "\"\(t)\""
        case 5: return ["!!null \(t)", "!!null ''", "!!str \(t)", "!!int 3", "!!bool yes"][rng.next(5)]
        case 6: return "\"\""
        case 7: return ""
        default: return "! \(t)"
        }
    }

    /// A block-style document: mappings with distinct key texts (the one case where the
    /// resolvers differ is tested apart), sequences, flow collections.
    private func document(_ rng: inout Rng, depth: Int = 0, indent: String = "") -> String {
        var out = ""
        var used = Set<String>()
        for _ in 0..<(1 + rng.next(5)) {
            var key = Self.plainTexts[rng.next(Self.plainTexts.count)]
            if key == "<<" || key == "=" || key.contains(":") { key = "k\(rng.next(1000))" }
            guard used.insert(key).inserted else { continue }
            let quotedKey = rng.next(3) == 0 ? "'\(key)'" : key
            switch depth < 3 ? rng.next(6) : 0 {
            case 0, 1, 2: out += "\(indent)\(quotedKey): \(scalar(&rng))\n"
            case 3: out += "\(indent)\(quotedKey):\n" + document(&rng, depth: depth + 1, indent: indent + "  ")
            case 4:
                out += "\(indent)\(quotedKey):\n"
                for _ in 0..<(1 + rng.next(4)) { out += "\(indent)  - \(scalar(&rng))\n" }
            default:
                out +=
                    "\(indent)\(quotedKey): [\((0..<rng.next(4)).map { _ in scalar(&rng) }.filter { !$0.isEmpty }.joined(separator: ", "))]\n"
            }
        }
        return out
    }

    func testBasicResolverReadsEveryGeneratedDocumentAsTheDefaultOne() {
        var rng = Rng(state: 0x9E37_79B9_7F4A_7C15)
        var parsed = 0
        for n in 0..<600 {
            let text = document(&rng)
            let fast = YAMLReader(file: "f.yaml")
            let slow = YAMLReader(file: "f.yaml")
            let a = fast.parse(text)
            let b = slow.parse(text, resolver: .default)
            XCTAssertEqual(a == nil, b == nil, "document \(n) parsed by one resolver only:\n\(text)")
            guard let a, let b else { continue }
            parsed += 1
            XCTAssertEqual(
                describe(a, fast, isNull: fast.isNull), describe(b, slow, isNull: referenceIsNull),
                "document \(n):\n\(text)")
        }
        XCTAssertGreaterThan(parsed, 500)
    }

    func testEmptyDocumentIsAnEmptyMapping() {
        let r = YAMLReader(file: "f.yaml")
        guard let node = r.parse("# only a comment\n") else { return XCTFail("no node") }
        XCTAssertEqual(r.mapping(node, what: "m")?.count, 0)
        XCTAssertTrue(r.diagnostics.isEmpty)
    }

    /// The one difference, by design: the same key text plain and quoted in one mapping.
    /// Yams' default resolver made them an int and a str (two keys); every reader here sees
    /// the text only, so it is now the duplicate it always was to Hookline.
    func testSameKeyTextPlainAndQuotedIsADuplicate() {
        let text = "limits:\n  1: a\n  \"1\": b\n"
        XCTAssertNotNil(YAMLReader(file: "f.yaml").parse(text, resolver: .default))
        let r = YAMLReader(file: "f.yaml")
        XCTAssertNil(r.parse(text))
        XCTAssertEqual(r.diagnostics.map(\.message), ["duplicate key 1"])
    }
}
