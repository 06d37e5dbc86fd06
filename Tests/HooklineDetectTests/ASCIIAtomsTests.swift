import CVectorscan
import Foundation
import HooklineCore
import XCTest

@testable import HooklineDetect

/// A stream pattern whose atoms match ASCII bytes only is compiled without UTF-8 mode
/// (``ASCIIAtoms``). These hold the proof's facts to Vectorscan and the normaliser, and
/// compare the shipped lexicon regexes' reports in both modes over generated, normalised
/// texts with non-ASCII letters in and around the matches.
final class ASCIIAtomsTests: XCTestCase {
    func testWhatIsAccepted() {
        for e in [
            #"\bcall (?:us|me)\b"#, #"\b\d{1,7}[.,]\d{2}\s?(?:usd|\$)"#, #"[]a-z]\w+"#, #"^re: |x$"#, #"a\.b\-c"#,
        ] {
            XCTAssertTrue(ASCIIAtoms.only(e), e)
        }
        for e in [
            "caf\u{e9}", #"a.b"#, #"[^a-z]x"#, #"\S+ x"#, #"\W"#, #"\D"#, #"\x41"#, #"(?i)x"#, #"(?s)x"#, #"\Qa\E"#,
            #"[[:^alpha:]]"#, #"(a)\1"#, #"[\b]"#, #"a\"#, #"[a-z"#, #"\p{L}"#,
        ] {
            XCTAssertFalse(ASCIIAtoms.only(e), e)
        }
    }

    /// In UTF-8 caseless mode Vectorscan matches exactly two non-ASCII scalars for ASCII
    /// letters (ſ for s, K for k); the normaliser never lets either through.
    func testTheCaselessPartnersOfASCIILettersNeverReachTheStream() throws {
        var text: [UInt8] = []
        var scalarAt: [UInt32] = []
        for v in UInt32(0x80)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            for b in String(s).utf8 { text.append(b); scalarAt.append(v) }
            text.append(0x20); scalarAt.append(0)
        }
        let letters = (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) }
        let db = try Multi(letters, flags: letters.map { _ in UInt32(HS_FLAG_CASELESS | HS_FLAG_UTF8) }, mode: HS_MODE_BLOCK)
        let partners = Set(db.block(text).map { scalarAt[$0.end - 1] }.filter { $0 != 0 })
        XCTAssertEqual(partners, [0x17F, 0x212A])
        // Every scalar through the normaliser, a run at a time.
        var k = 0
        while k < text.count {
            var end = min(text.count, k + 1 << 16)
            while end < text.count && text[end - 1] != 0x20 { end += 1 }
            let out = normalized(String(decoding: text[k..<end], as: UTF8.self))
            XCTAssertFalse(out.unicodeScalars.contains { partners.contains($0.value) }, "at \(k)")
            k = end
        }
        XCTAssertEqual(normalized("\u{17F}\u{212A}"), "sk")
    }

    /// The shipped lexicon regexes that are compiled without UTF-8 mode report the same
    /// (pattern, end) pairs in both modes, streamed in random cuts.
    func testTheShippedRegexesReportTheSameInBothModes() throws {
        let (reports, difference) = try compareShipped(mutation: nil)
        XCTAssertNil(difference)
        XCTAssertGreaterThan(reports, 2000, "the texts must exercise the patterns")
    }

    /// The comparison is not blind: it sees the difference when the text is not normalised
    /// (a Kelvin sign or a long s in it), and when `.` or `\S` (refused by ``ASCIIAtoms``)
    /// lose UTF-8 mode over a non-ASCII letter.
    func testTheComparisonSeesAPatternThatIsNotAlike() throws {
        XCTAssertNotNil(try compareShipped(mutation: .unnormalised).difference)
        XCTAssertNotNil(try compareShipped(mutation: .refusedAtoms).difference)
    }

    // MARK: - the comparison

    static let lexicons: [String] = (try? ShippedLexicons.expressions()) ?? []

    enum Mutation { case unnormalised, refusedAtoms }

    func compareShipped(mutation: Mutation?) throws -> (reports: Int, difference: String?) {
        let all = Self.lexicons.map { LatinFold.fold($0) }.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        var chosen = all.filter { ASCIIAtoms.only($0) }
        let refused = [#"\bc.l\b"#, #"\bx\Sy\b"#]
        if mutation == .refusedAtoms { chosen += refused }
        let mutateAll = mutation == .refusedAtoms
        XCTAssertGreaterThan(chosen.count, 500)
        let utf8 = UInt32(HS_FLAG_CASELESS | HS_FLAG_UTF8)
        let a = try Multi(chosen, flags: chosen.map { _ in utf8 }, mode: HS_MODE_STREAM)
        let b = try Multi(
            chosen,
            flags: chosen.map {
                mutateAll
                    ? UInt32(HS_FLAG_CASELESS)
                    : PatternDatabase.flags(for: PatternSpec(id: 0, expression: $0), mode: UInt32(HS_MODE_STREAM))
                        & ~UInt32(HS_FLAG_SOM_LEFTMOST)
            }, mode: HS_MODE_STREAM)
        if !mutateAll { XCTAssertTrue(b.flags.allSatisfy { $0 == UInt32(HS_FLAG_CASELESS) }) }
        let grammars = chosen.compactMap { try? RegexRewriteTests.Regex($0) }
        XCTAssertGreaterThan(grammars.count, chosen.count / 2)
        let noise = ["é", "ü", "ß", "ł", "日本", "€", "👍", "ñ", "1", "12,50", "the", "a", "_", "-", "'", "ca", "Ωk"]
        let separators = [" ", " ", " ", "", "\n\n", ", ", "é", "-", ". "]
        var rng = SplitMix(seed: mutation == nil ? 29 : 7)
        var reports = 0
        for n in 0..<3000 {
            var out: [UInt8] = []
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                if rng.next() % 4 == 0 {
                    out += Array(noise[Int(rng.next() % UInt64(noise.count))].utf8)
                } else {
                    var piece = grammars[Int(rng.next() % UInt64(grammars.count))].sample(&rng)
                    if rng.next() % 3 == 0 {
                        let at = Int(rng.next() % UInt64(piece.count + 1))
                        piece.insert(contentsOf: Array(noise[Int(rng.next() % 8)].utf8), at: at)
                    }
                    out += piece
                }
                out += Array(separators[Int(rng.next() % UInt64(separators.count))].utf8)
            }
            switch mutation {
            case .unnormalised?:
                // Every s a long s, every k a Kelvin sign: what the normaliser never leaves.
                out = Array(
                    String(decoding: out, as: UTF8.self).replacingOccurrences(of: "s", with: "\u{17F}")
                        .replacingOccurrences(of: "k", with: "\u{212A}").utf8)
            case .refusedAtoms?: out += Array(" c\u{65E5}l x\u{65E5}y".utf8)
            case nil: break
            }
            let text = mutation == .unnormalised ? out : Array(normalized(String(decoding: out, as: UTF8.self)).utf8)
            var cuts = (0..<Int(rng.next() % 4)).map { _ in Int(rng.next() % UInt64(text.count + 1)) }
            cuts.sort()
            let ra = a.stream(text, cuts: cuts), rb = b.stream(text, cuts: cuts)
            reports += ra.count
            if ra != rb {
                let shown = String(decoding: text, as: UTF8.self).debugDescription
                let only = Set(ra.map { "\($0)" }).symmetricDifference(rb.map { "\($0)" })
                return (reports, "text \(n) \(shown): \(only.sorted().prefix(4))")
            }
        }
        return (reports, nil)
    }

    // MARK: - Vectorscan, many expressions

    struct Report: Hashable, Comparable {
        var id: UInt32
        var end: Int
        static func < (a: Report, b: Report) -> Bool { (a.end, a.id) < (b.end, b.id) }
    }

    final class Multi {
        let db: OpaquePointer
        var scratch: OpaquePointer?
        let flags: [UInt32]
        final class Sink { var list: [Report] = [] }
        struct Failure: Error { var message: String }

        init(_ expressions: [String], flags: [UInt32], mode: Int32) throws {
            self.flags = flags
            let cs = expressions.map { strdup($0) }
            defer { cs.forEach { free($0) } }
            var pointers = cs.map { UnsafePointer($0) }
            var ids = (0..<UInt32(expressions.count)).map { $0 }
            var fl = flags
            var out: OpaquePointer?
            var error: UnsafeMutablePointer<hs_compile_error_t>?
            let m = UInt32(mode) | (mode == HS_MODE_STREAM ? UInt32(HS_MODE_SOM_HORIZON_SMALL) : 0)
            let code = hs_compile_multi(&pointers, &fl, &ids, UInt32(expressions.count), m, nil, &out, &error)
            defer { if let error { hs_free_compile_error(error) } }
            guard code == HS_SUCCESS, let out else {
                throw Failure(message: error?.pointee.message.map { String(cString: $0) } ?? "\(code)")
            }
            db = out
            guard hs_alloc_scratch(db, &scratch) == HS_SUCCESS else { throw Failure(message: "scratch") }
        }

        deinit {
            hs_free_scratch(scratch)
            hs_free_database(db)
        }

        static let onMatch: match_event_handler = { id, _, to, _, context in
            guard let context else { return 0 }
            Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue().list.append(Report(id: id, end: Int(to)))
            return 0
        }

        func block(_ text: [UInt8]) -> [Report] {
            let sink = Sink()
            text.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    _ = hs_scan(
                        db, chars.baseAddress, UInt32(chars.count), 0, scratch, Self.onMatch,
                        Unmanaged.passUnretained(sink).toOpaque())
                }
            }
            return sink.list
        }

        /// Every report, sorted, the text handed over in pieces cut at `cuts`.
        func stream(_ text: [UInt8], cuts: [Int]) -> [Report] {
            let sink = Sink()
            let context = Unmanaged.passUnretained(sink).toOpaque()
            var handle: OpaquePointer?
            guard hs_open_stream(db, 0, &handle) == HS_SUCCESS, let handle else { return [Report(id: .max, end: -1)] }
            var from = 0
            for end in cuts + [text.count] where end >= from {
                text[from..<end].withUnsafeBufferPointer { bytes in
                    ScanStaging.withPlaced(bytes) { placed in
                        placed.withMemoryRebound(to: CChar.self) { chars in
                            _ = hs_scan_stream(handle, chars.baseAddress, UInt32(chars.count), 0, scratch, Self.onMatch, context)
                        }
                    }
                }
                from = end
            }
            hs_close_stream(handle, scratch, Self.onMatch, context)
            return sink.list.sorted()
        }
    }
}
