import CVectorscan
import Foundation
import HooklineCore
import XCTest

@testable import HooklineDetect

/// Shipped lexicon regexes rewritten so Vectorscan runs them cheaper must match exactly what
/// they matched before: each pair is compiled as the config compiles it (caseless, UTF-8,
/// Latin-folded) and run over texts built from the expression itself (random strings it
/// matches, cut, spliced, mutated and joined with noise). Every report is compared: start and
/// end in block mode with start-of-match (what ``StartFinder`` quotes), ends in stream mode
/// over random cuts without it (what the pattern stream sees).
final class RegexRewriteTests: XCTestCase {
    /// (the expression as it was, the expression as shipped now). Only the shape changed:
    /// a top-level alternative split out (`\b(?:a|b|c d)e` as `\b(?:a|b)e|\bc de`).
    static let rewrites: [(old: String, new: String)] = [
        (
            #"\b(?:we|he|she|they|i|our \S+)(?: will|'ll| shall) (?:call|ring|phone) you\b(?: back)?(?: \S+){0,6} (?:on|at) (?:your|the number you)"#,
            #"\b(?:we|he|she|they|i)(?: will|'ll| shall) (?:call|ring|phone) you\b(?: back)?(?: \S+){0,6} (?:on|at) (?:your|the number you)|\bour \S+(?: will|'ll| shall) (?:call|ring|phone) you\b(?: back)?(?: \S+){0,6} (?:on|at) (?:your|the number you)"#
        ),
        (
            #"\b(?:i|we|he|she|they|grandpa|grandma|granddad|gran|mom|mum|dad|my (?:\S+ )?(?:mother|father|husband|wife|son|daughter|neighbou?r|aunt|uncle|sister|brother)) (?:got|received|had) (?:an? |one of those |this |that |the same )?(?:e-?mail|email|call|text|message|letter)s? (?:that|saying|claiming|which|from|about)\b"#,
            #"\b(?:i|we|he|she|they|grandpa|grandma|granddad|gran|mom|mum|dad) (?:got|received|had) (?:an? |one of those |this |that |the same )?(?:e-?mail|email|call|text|message|letter)s? (?:that|saying|claiming|which|from|about)\b|\bmy (?:\S+ )?(?:mother|father|husband|wife|son|daughter|neighbou?r|aunt|uncle|sister|brother) (?:got|received|had) (?:an? |one of those |this |that |the same )?(?:e-?mail|email|call|text|message|letter)s? (?:that|saying|claiming|which|from|about)\b"#
        ),
    ]

    func testEachRewriteMatchesExactlyWhatItReplaces() throws {
        for (k, pair) in Self.rewrites.enumerated() {
            let result = try Self.compare(pair.old, pair.new, seed: UInt64(k + 1))
            XCTAssertNil(result.difference, "rewrite \(k): \(result.difference ?? "")")
            // The texts must exercise the expression: many matches, and many texts without one.
            XCTAssertGreaterThan(result.textsWithMatches, Self.textCount / 5, "rewrite \(k) matched too rarely")
            XCTAssertLessThan(result.textsWithMatches, Self.textCount * 9 / 10, "rewrite \(k) matched too often")
        }
    }

    /// The comparison sees a rewrite that is not exact: each of these drops or narrows one piece.
    func testAnInexactRewriteIsCaught() throws {
        let wrong = [
            // 'they' dropped from the first alternative
            (Self.rewrites[0].old, Self.rewrites[0].new.replacingOccurrences(of: "|they|i)", with: "|i)")),
            // the word between 'our' and 'will' made to be followed by nothing else
            (Self.rewrites[0].old, Self.rewrites[0].new.replacingOccurrences(of: #"\S+){0,6}"#, with: #"\S+){0,5}"#)),
            // the optional word after 'my' lost
            (Self.rewrites[1].old, Self.rewrites[1].new.replacingOccurrences(of: #"\bmy (?:\S+ )?"#, with: #"\bmy "#)),
            // the word boundary before 'my' lost
            (Self.rewrites[1].old, Self.rewrites[1].new.replacingOccurrences(of: #"|\bmy "#, with: #"|my "#)),
        ]
        for (k, pair) in wrong.enumerated() {
            XCTAssertFalse(Self.rewrites.contains { $0.new == pair.1 }, "mutation \(k) changed nothing")
            let result = try Self.compare(pair.0, pair.1, seed: UInt64(100 + k))
            XCTAssertNotNil(result.difference, "mutation \(k) was not caught")
        }
    }

    /// The shipped config has each new expression and none of the old ones.
    func testTheConfigShipsTheRewrites() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let lexicons = try String(contentsOf: root.appendingPathComponent("Config/rules/10-lexicons.yaml"), encoding: .utf8)
        for pair in Self.rewrites {
            let quoted = { (e: String) in "- '" + e.replacingOccurrences(of: "'", with: "''") + "'" }
            XCTAssertTrue(lexicons.contains(quoted(pair.new)), pair.new)
            XCTAssertFalse(lexicons.contains(quoted(pair.old)), pair.old)
        }
    }

    // MARK: - comparison

    static let textCount = 4000

    struct Comparison {
        var difference: String?
        var textsWithMatches = 0
    }

    static func compare(_ old: String, _ new: String, seed: UInt64) throws -> Comparison {
        let a = try Compiled(LatinFold.fold(old)), b = try Compiled(LatinFold.fold(new))
        var rng = SplitMix(seed: seed)
        let grammar = try Regex(LatinFold.fold(old))
        var out = Comparison()
        for n in 0..<textCount {
            let text = Self.text(grammar, &rng)
            let blockA = a.block(text), blockB = b.block(text)
            if !blockA.isEmpty { out.textsWithMatches += 1 }
            if blockA != blockB {
                out.difference = "text \(n) \(String(decoding: text, as: UTF8.self).debugDescription): \(blockA) vs \(blockB)"
                return out
            }
            var cuts: [Int] = []
            for _ in 0..<Int(rng.next() % 4) { cuts.append(Int(rng.next() % UInt64(text.count + 1))) }
            cuts.sort()
            let streamA = a.streamEnds(text, cuts: cuts), streamB = b.streamEnds(text, cuts: cuts)
            if streamA != streamB || streamA != Set(blockA.map(\.to)).sorted() {
                let shown = String(decoding: text, as: UTF8.self).debugDescription
                out.difference = "stream, text \(n) \(shown) cut at \(cuts): \(streamA) vs \(streamB)"
                return out
            }
        }
        return out
    }

    /// Random strings of the expression, some altered, between noise: so most texts hold
    /// matches and near misses, with word and non-word bytes around them.
    static func text(_ grammar: Regex, _ rng: inout SplitMix) -> [UInt8] {
        let noise = ["the", "a", "x", "our", "my", "you", "call", "1", "12,50", "é", "über", "-", "'", "(", ".", "ab_c", "zz"]
        let separators = [" ", " ", " ", " ", " ", "", "\n\n", ", ", "-", "'", ". ", "\u{e9}"]
        var out: [UInt8] = []
        for _ in 0..<(1 + Int(rng.next() % 5)) {
            if rng.next() % 3 == 0 {
                out += Array(noise[Int(rng.next() % UInt64(noise.count))].utf8)
            } else {
                var piece = grammar.sample(&rng)
                switch rng.next() % 6 {
                case 0 where !piece.isEmpty: piece.remove(at: Int(rng.next() % UInt64(piece.count)))
                case 1: piece.insert(Array(" ax.".utf8)[Int(rng.next() % 4)], at: Int(rng.next() % UInt64(piece.count + 1)))
                case 2 where piece.count > 2: piece = Array(piece[Int(rng.next() % UInt64(piece.count / 2))...])
                default: break
                }
                if rng.next() % 4 == 0 { piece = piece.map { ASCII.isAlpha($0) && rng.next() % 2 == 0 ? $0 & ~0x20 : $0 } }
                out += piece
            }
            out += Array(separators[Int(rng.next() % UInt64(separators.count))].utf8)
        }
        // Keep it valid UTF-8, as the normalised text always is.
        return Array(String(decoding: out, as: UTF8.self).utf8)
    }

    // MARK: - Vectorscan, one expression alone

    final class Compiled {
        let som: OpaquePointer
        let stream: OpaquePointer
        var scratch: OpaquePointer?

        init(_ expression: String) throws {
            let flags = UInt32(HS_FLAG_CASELESS | HS_FLAG_UTF8)
            som = try Self.compile(expression, flags | UInt32(HS_FLAG_SOM_LEFTMOST), UInt32(HS_MODE_BLOCK))
            stream = try Self.compile(expression, flags, UInt32(HS_MODE_STREAM))
            guard hs_alloc_scratch(som, &scratch) == HS_SUCCESS, hs_alloc_scratch(stream, &scratch) == HS_SUCCESS
            else { throw CompileFailure(message: "scratch") }
        }

        deinit {
            hs_free_scratch(scratch)
            hs_free_database(som)
            hs_free_database(stream)
        }

        struct CompileFailure: Error { var message: String }

        static func compile(_ expression: String, _ flags: UInt32, _ mode: UInt32) throws -> OpaquePointer {
            var db: OpaquePointer?
            var error: UnsafeMutablePointer<hs_compile_error_t>?
            let code = hs_compile(expression, flags, mode, nil, &db, &error)
            defer { if let error { hs_free_compile_error(error) } }
            guard code == HS_SUCCESS, let db else {
                throw CompileFailure(message: error?.pointee.message.map { String(cString: $0) } ?? "\(code)")
            }
            return db
        }

        final class Reports { var list: [(Int, Int)] = [] }

        static let onMatch: match_event_handler = { _, from, to, _, context in
            guard let context else { return 0 }
            Unmanaged<Reports>.fromOpaque(context).takeUnretainedValue().list.append((Int(from), Int(to)))
            return 0
        }

        /// (start, end) of every report, in block mode with leftmost start.
        func block(_ text: [UInt8]) -> [Pair] {
            let reports = Reports()
            text.withUnsafeBufferPointer { bytes in
                ScanStaging.withPlaced(bytes) { placed in
                    placed.withMemoryRebound(to: CChar.self) { chars in
                        _ = hs_scan(
                            som, chars.baseAddress, UInt32(chars.count), 0, scratch, Self.onMatch,
                            Unmanaged.passUnretained(reports).toOpaque())
                    }
                }
            }
            return reports.list.map { Pair($0.0, $0.1) }
        }

        /// Every reported end, the text handed over in pieces cut at `cuts`.
        func streamEnds(_ text: [UInt8], cuts: [Int]) -> [Int] {
            let reports = Reports()
            let context = Unmanaged.passUnretained(reports).toOpaque()
            var handle: OpaquePointer?
            guard hs_open_stream(stream, 0, &handle) == HS_SUCCESS, let handle else { return [-1] }
            var from = 0
            for end in cuts + [text.count] where end >= from {
                text[from..<end].withUnsafeBufferPointer { bytes in
                    ScanStaging.withPlaced(bytes) { placed in
                        placed.withMemoryRebound(to: CChar.self) { chars in
                            _ = hs_scan_stream(
                                handle, chars.baseAddress, UInt32(chars.count), 0, scratch, Self.onMatch, context)
                        }
                    }
                }
                from = end
            }
            hs_close_stream(handle, scratch, Self.onMatch, context)
            return reports.list.map(\.1)
        }
    }

    struct Pair: Equatable, CustomStringConvertible {
        var from: Int, to: Int
        init(_ from: Int, _ to: Int) { self.from = from; self.to = to }
        var description: String { "\(from)-\(to)" }
    }

    // MARK: - random strings of an expression (the subset the lexicons use)

    indirect enum Node {
        case bytes([UInt8])
        case choice([[UInt8]])
        case empty
        case sequence([Node])
        case alternation([Node])
        case repeatN(Node, min: Int, max: Int)
    }

    struct Regex {
        let root: Node
        struct Unsupported: Error { var at: Int }

        init(_ expression: String) throws {
            var parser = Parser(text: Array(expression.utf8))
            root = try parser.alternation()
            guard parser.at == parser.text.count else { throw Unsupported(at: parser.at) }
        }

        func sample(_ rng: inout SplitMix) -> [UInt8] {
            var out: [UInt8] = []
            Self.emit(root, &rng, &out)
            return out
        }

        static func emit(_ node: Node, _ rng: inout SplitMix, _ out: inout [UInt8]) {
            switch node {
            case .bytes(let b): out += b
            case .choice(let c): out += c[Int(rng.next() % UInt64(c.count))]
            case .empty: break
            case .sequence(let s): for n in s { emit(n, &rng, &out) }
            case .alternation(let a): emit(a[Int(rng.next() % UInt64(a.count))], &rng, &out)
            case .repeatN(let n, let lo, let hi):
                let top = min(hi, lo + 3)
                for _ in 0..<(lo + Int(rng.next() % UInt64(top - lo + 1))) { emit(n, &rng, &out) }
            }
        }
    }

    struct Parser {
        let text: [UInt8]
        var at = 0

        mutating func alternation() throws -> Node {
            var branches = [try sequence()]
            while at < text.count && text[at] == UInt8(ascii: "|") {
                at += 1
                branches.append(try sequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() throws -> Node {
            var items: [Node] = []
            while at < text.count && text[at] != UInt8(ascii: "|") && text[at] != UInt8(ascii: ")") {
                var atom = try self.atom()
                if at < text.count {
                    switch text[at] {
                    case UInt8(ascii: "?"): atom = .repeatN(atom, min: 0, max: 1); at += 1
                    case UInt8(ascii: "*"): atom = .repeatN(atom, min: 0, max: 3); at += 1
                    case UInt8(ascii: "+"): atom = .repeatN(atom, min: 1, max: 3); at += 1
                    case UInt8(ascii: "{"):
                        let close = text[at...].firstIndex(of: UInt8(ascii: "}")) ?? at
                        let inside = String(decoding: text[(at + 1)..<close], as: UTF8.self).split(
                            separator: ",", omittingEmptySubsequences: false)
                        guard let lo = Int(inside[0]) else { throw Regex.Unsupported(at: at) }
                        let hi = inside.count == 1 ? lo : Int(inside[1]) ?? lo + 3
                        atom = .repeatN(atom, min: lo, max: hi)
                        at = close + 1
                    default: break
                    }
                }
                items.append(atom)
            }
            return .sequence(items)
        }

        mutating func atom() throws -> Node {
            let byte = text[at]
            at += 1
            switch byte {
            case UInt8(ascii: "("):
                guard at + 1 < text.count, text[at] == UInt8(ascii: "?"), text[at + 1] == UInt8(ascii: ":") else {
                    throw Regex.Unsupported(at: at)
                }
                at += 2
                let inner = try alternation()
                guard at < text.count, text[at] == UInt8(ascii: ")") else { throw Regex.Unsupported(at: at) }
                at += 1
                return inner
            case UInt8(ascii: "\\"):
                let escaped = text[at]
                at += 1
                switch escaped {
                case UInt8(ascii: "b"): return .empty
                case UInt8(ascii: "s"): return .choice([[0x20], [0x0A]])
                case UInt8(ascii: "S"): return .choice(["a", "b", "you", "1", ".", "é", "_", "my"].map { Array($0.utf8) })
                case UInt8(ascii: "w"): return .choice(["a", "z", "1", "_"].map { Array($0.utf8) })
                case UInt8(ascii: "d"): return .choice((0...9).map { [UInt8(ascii: "0") + UInt8($0)] })
                default: return .bytes([escaped])
                }
            case UInt8(ascii: "["):
                var members: [[UInt8]] = []
                while at < text.count && text[at] != UInt8(ascii: "]") {
                    if text[at] == UInt8(ascii: "\\") { at += 1 }
                    // one UTF-8 character
                    var end = at + 1
                    while end < text.count && text[end] & 0xC0 == 0x80 { end += 1 }
                    members.append(Array(text[at..<end]))
                    at = end
                }
                at += 1
                return .choice(members)
            case UInt8(ascii: "."): return .choice([[UInt8(ascii: "a")], [0x20]])
            default:
                var end = at
                while end < text.count && text[end] & 0xC0 == 0x80 { end += 1 }
                defer { at = end }
                return .bytes(Array(text[(at - 1)..<end]))
            }
        }
    }
}
