import XCTest
import HooklineCore
@testable import HooklineText

/// The milter gets the body in chunks the MTA chooses; the output must not depend on them.
final class ChunkSplitTests: XCTestCase {
    /// Small fixtures: every single cut point. Large ones: many random chunkings, including 1-byte runs.
    func testEverySplitGivesTheOneShotOutput() {
        for name in Harness.fixtureNames() {
            let bytes = Harness.fixture(name)
            let reference = Harness.scan(bytes).exact
            if bytes.count <= 2048 {
                for cut in 0...bytes.count {
                    let got = Harness.scan(bytes, cuts: [cut])
                    if got.exact != reference {
                        XCTFail("\(name): cut at \(cut) differs\n--- one-shot\n\(reference)\n--- split\n\(got.exact)")
                        break
                    }
                    XCTAssertEqual(got.sink.violations, [], "\(name) cut \(cut)")
                }
            }
            let rounds = bytes.count <= 2048 ? 20 : 6
            for seed in 0..<UInt64(rounds) {
                var rng = SplitMix64(state: seed &* 7919 &+ UInt64(bytes.count))
                var cuts: [Int] = []
                var at = 0
                let maxStep = [1, 3, 17, 200, 4096][Int(seed) % 5]
                while at < bytes.count {
                    at += Int.random(in: 1...maxStep, using: &rng)
                    cuts.append(min(at, bytes.count))
                }
                if maxStep == 1 && bytes.count > 30_000 { continue }  // byte-at-a-time on huge fixtures is covered by the 3-byte rounds
                let got = Harness.scan(bytes, cuts: cuts)
                if got.exact != reference {
                    XCTFail(
                        "\(name): random chunking seed \(seed) (max step \(maxStep)) differs\n--- one-shot\n\(reference)\n--- chunked\n\(got.exact)"
                    )
                }
                XCTAssertEqual(got.sink.violations, [], "\(name) seed \(seed)")
            }
        }
    }

    /// CRLF (milter) and LF (.eml files) line endings must give the same text, newlines aside.
    func testCRLFAndLFGiveTheSameText() {
        for name in Harness.fixtureNames() {
            let lf = Harness.fixture(name).split(separator: 0x0D, omittingEmptySubsequences: false).joined()
            var crlf: [UInt8] = []
            for b in lf { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
            let a = Harness.scan(Array(lf)), b = Harness.scan(crlf)
            XCTAssertEqual(a.runs(normalizeNewlines: true), b.runs(normalizeNewlines: true), name)
            XCTAssertEqual(Set(a.sink.anomalies), Set(b.sink.anomalies), name)
        }
    }
}
