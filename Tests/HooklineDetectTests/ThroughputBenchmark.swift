import Foundation
import HooklineCore
import XCTest
@testable import HooklineDetect

/// Measures, never asserts: set HOOKLINE_BENCH=1 and build in release
/// (`swift test -c release -Xswiftc -enable-testing --filter ThroughputBenchmark`).
final class ThroughputBenchmark: XCTestCase {
    static let words = """
        the of and to a in for is on that by this with you it not or be are from at as your all have new more \
        an was we will home can us about if page my has search free but our one other do no information time \
        they site he up may what which their news out use any there see only so his when contact here business \
        who web also now help get view online first am been would how were me services some these click its like \
        service than find price date back top people had list name just over state year day into email two health \
        world next used go work last most products music buy data make them should product system post her city \
        add policy number such please available copyright support message after best software then jan good video \
        well where info rights public books high school through each links she review years order very privacy \
        book items company read group need many user said does set under general research university january mail \
        full map reviews program life know games way days management part could great united hotel real item \
        international center ebay must store travel comments made development report off member details line terms \
        before hotels did send right type because local those using results office education national car design \
        take posted internet address community within states area want phone dvd shipping reserved subject between \
        forum family long based code show even black check special prices website index being women much sign file \
        link open today technology south case project same pages uk version section own found sports house related \
        security both county american photo game members power while care network down computer systems three total \
        place end following download him without per access think north resources current posts big media law \
        control water history pictures size art personal since including guide shop directory board location change
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static func englishText(bytes: Int) -> String {
        var rng = SplitMix(seed: 7)
        var out = ""
        out.reserveCapacity(bytes + 100)
        var sentence = 0
        while out.utf8.count < bytes {
            let word = words[Int(rng.next() % UInt64(words.count))]
            out += sentence == 0 ? word.capitalized : word
            sentence += 1
            if sentence > 8 && rng.next() % 6 == 0 {
                out += rng.next() % 10 == 0 ? ".\r\n\r\n" : ". "
                sentence = 0
            } else if rng.next() % 40 == 0 {
                out += " \(rng.next() % 10000) "
            } else {
                out += rng.next() % 15 == 0 ? ",\r\n" : " "
            }
        }
        return out
    }

    /// ~300 lexicon phrases like the shipped rules: lures, brands, and word pairs.
    static func phrases() -> [PatternSpec] {
        let lures = [
            "fraud detection team", "unauthorized charge", "call us at", "windows defender", "geek squad",
            "norton renewal", "mcafee subscription", "cancel your subscription", "refund department",
            "account security support", "placed on hold", "if you did not authorize", "toll free",
            "helpline", "customer care", "billing department", "auto-renewal", "your order has been",
            "invoice paid", "payment of \\d+(\\.\\d\\d)? (usd|eur|gbp)", "\\bcall\\b.{0,40}\\+?1?[ .-]?\\(?8\\d\\d",
        ]
        var specs = lures.enumerated().map { PatternSpec(id: UInt32($0.offset), expression: $0.element) }
        var rng = SplitMix(seed: 99)
        while specs.count < 300 {
            let a = words[Int(rng.next() % UInt64(words.count))]
            let b = words[Int(rng.next() % UInt64(words.count))]
            let c = words[Int(rng.next() % UInt64(words.count))]
            specs.append(PatternSpec(id: UInt32(specs.count), expression: "\\b\(a) \(b) \(c)\\b"))
        }
        return specs
    }

    func testThroughput() throws {
        guard ProcessInfo.processInfo.environment["HOOKLINE_BENCH"] != nil else {
            throw XCTSkip("set HOOKLINE_BENCH=1 to measure")
        }
        let db = try PatternDatabase(Self.phrases(), mode: .stream)
        let body = Array(Self.englishText(bytes: 16 << 20).utf8)
        let messageBytes = 16 << 10
        let chunk = 4096
        func run(_ patterns: PatternDatabase?) -> (Double, Int) {
            let start = DispatchTime.now().uptimeNanoseconds
            var phones = 0
            var at = 0
            while at < body.count {
                let analyzer = TextAnalyzer(patterns: patterns, limits: .default)
                analyzer.begin(.plain)
                let end = min(body.count, at + messageBytes)
                var c = at
                while c < end {
                    let n = min(chunk, end - c)
                    body[c..<(c + n)].withUnsafeBytes { analyzer.text($0) }
                    c += n
                }
                analyzer.end()
                phones += analyzer.finish().phones.count
                at = end
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return (Double(body.count) / seconds / 1e6, phones)
        }
        _ = run(db)
        let (withPatterns, p1) = run(db)
        let (withoutPatterns, _) = run(nil)
        let normalizedOnly = measureNormalizer(body)
        print(
            "THROUGHPUT: TextAnalyzer with 300 patterns \(String(format: "%.0f", withPatterns)) MB/s, "
                + "without patterns \(String(format: "%.0f", withoutPatterns)) MB/s, "
                + "normaliser alone \(String(format: "%.0f", normalizedOnly)) MB/s "
                + "(16 MiB English in 16 KiB messages, 4 KiB chunks; \(p1) phones)")
    }

    func measureNormalizer(_ body: [UInt8]) -> Double {
        var normalizer = TextNormalizer()
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: TextNormalizer.maxOutput(forInput: 4096))
        let origins = UnsafeMutablePointer<Int32>.allocate(capacity: TextNormalizer.maxOutput(forInput: 4096))
        defer { out.deallocate(); origins.deallocate() }
        let start = DispatchTime.now().uptimeNanoseconds
        var total = 0
        body.withUnsafeBufferPointer { all in
            var at = 0
            while at < all.count {
                let slice = UnsafeBufferPointer(rebasing: all[at..<min(all.count, at + 4096)])
                total += normalizer.normalize(slice, out: out, origins: origins)
                at += 4096
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        XCTAssertGreaterThan(total, 0)
        return Double(body.count) / seconds / 1e6
    }
}
