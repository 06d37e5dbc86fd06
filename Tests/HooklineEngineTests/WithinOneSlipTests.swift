import XCTest

@testable import HooklineEngine

/// `withinOneSlip` compares slices without building arrays; its answers are the
/// array version's.
final class WithinOneSlipTests: XCTestCase {
    private static let lookAlike: Set<[UInt8]> = Set(
        ["0o", "1l", "1i", "5s", "3e", "4a", "8b", "9g"].flatMap { pair -> [[UInt8]] in
            let p = Array(pair.utf8)
            return [[p[0], p[1]], [p[1], p[0]]]
        })

    /// The former definition.
    private func arrays(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return false }
        if a.count == b.count {
            let diffs = a.indices.filter { a[$0] != b[$0] }
            if diffs.count == 1 { return Self.lookAlike.contains([a[diffs[0]], b[diffs[0]]]) }
            return diffs.count == 2 && diffs[1] == diffs[0] + 1 && a[diffs[0]] == b[diffs[1]] && a[diffs[1]] == b[diffs[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count - short.count == 1 else { return false }
        var i = 0
        while i < short.count && short[i] == long[i] { i += 1 }
        guard i > 0, i < short.count else { return false }
        return short[i...].elementsEqual(long[(i + 1)...])
    }

    func testSliceVersionAnswersAsTheArrayVersion() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("paylo01ism".utf8)
        for _ in 0..<100_000 {
            let b = (0..<Int.random(in: 0...7, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            var a = b
            switch Int.random(in: 0...4, using: &rng) {
            case 0: if !a.isEmpty { a.remove(at: Int.random(in: 0..<a.count, using: &rng)) }
            case 1: a.insert(alphabet.randomElement(using: &rng) ?? 0, at: Int.random(in: 0...a.count, using: &rng))
            case 2: if a.count >= 2 { let k = Int.random(in: 0..<(a.count - 1), using: &rng); a.swapAt(k, k + 1) }
            case 3: if !a.isEmpty { a[Int.random(in: 0..<a.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0 }
            default: a = (0..<Int.random(in: 0...7, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            }
            let padded = [0x2D] + a + [0x2E]
            XCTAssertEqual(SenderDomainWords.withinOneSlip(a, b), arrays(a, b), "\(a) \(b)")
            XCTAssertEqual(SenderDomainWords.withinOneSlip(padded[1..<(padded.count - 1)], b[...]), arrays(a, b))
        }
    }
}
