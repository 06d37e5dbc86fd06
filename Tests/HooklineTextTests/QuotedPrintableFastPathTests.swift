import HooklineCore
import XCTest

@testable import HooklineText

/// `QuotedPrintableDecoder` decodes an escape or soft line break that lies wholly in one input
/// at once; it must hand on the same blocks (bytes and flush points) and flag the same
/// garbage as the state machine it short-cuts, kept here as it was.
final class QuotedPrintableFastPathTests: XCTestCase {
    /// The decoder before the short cut: every "=" through the states.
    final class Reference {
        private enum State { case normal, equals, hex(UInt8, UInt8), equalsCR, equalsSpace }
        private var state = State.normal
        private(set) var sawGarbage = false
        private let out = OutputBlock()

        func decode(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
            var i = 0
            let n = input.count
            while i < n {
                switch state {
                case .normal:
                    let stop = input.firstIndex(of: ASCII.equals, from: i) ?? n
                    if stop > i { out.append(input.slice(i, stop), emit) }
                    if stop < n { state = .equals }
                    i = stop + 1
                    continue
                case .equals:
                    let b = input[i]
                    if ASCII.hexValue(b) != nil {
                        state = .hex(ASCII.hexValue(b) ?? 0, b)
                    } else if b == ASCII.cr {
                        state = .equalsCR
                    } else if b == ASCII.lf {
                        state = .normal
                    } else if b == ASCII.space || b == ASCII.tab {
                        state = .equalsSpace
                    } else {
                        sawGarbage = true
                        literal(ASCII.equals, emit)
                        state = .normal
                        continue  // reprocess b as ordinary text
                    }
                case .hex(let high, let raw):
                    let b = input[i]
                    if let low = ASCII.hexValue(b) {
                        literal(high << 4 | low, emit)
                        state = .normal
                    } else {
                        sawGarbage = true
                        literal(ASCII.equals, emit)
                        literal(raw, emit)
                        state = .normal
                        continue
                    }
                case .equalsCR:
                    state = .normal
                    if input[i] != ASCII.lf { continue }  // bare CR soft break
                case .equalsSpace:
                    // "=  \r\n": trailing blanks after a soft break are transport padding.
                    let b = input[i]
                    if b == ASCII.space || b == ASCII.tab {
                    } else if b == ASCII.cr {
                        state = .equalsCR
                    } else if b == ASCII.lf {
                        state = .normal
                    } else {
                        sawGarbage = true
                        literal(ASCII.equals, emit)
                        state = .normal
                        continue
                    }
                }
                i += 1
            }
            out.flush(emit)
        }

        func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
            switch state {
            case .equals, .equalsSpace:
                sawGarbage = true
                literal(ASCII.equals, emit)
            case .hex(_, let raw):
                sawGarbage = true
                literal(ASCII.equals, emit)
                literal(raw, emit)
            case .normal, .equalsCR:
                break
            }
            state = .normal
            out.flush(emit)
        }

        @inline(__always) private func literal(_ b: UInt8, _ emit: (UnsafeRawBufferPointer) -> Void) {
            if out.room == 0 { out.flush(emit) }
            out.append(b)
        }
    }

    func run(_ input: [UInt8], cuts: [Int]) -> (fast: [[UInt8]], fastGarbage: Bool, slow: [[UInt8]], slowGarbage: Bool) {
        let fast = QuotedPrintableDecoder()
        let slow = Reference()
        var fastBlocks: [[UInt8]] = []
        var slowBlocks: [[UInt8]] = []
        var start = 0
        for end in cuts + [input.count] where end >= start {
            input[start..<end].withUnsafeBytes { chunk in
                fast.decode(chunk) { fastBlocks.append(Array($0)) }
                slow.decode(chunk) { slowBlocks.append(Array($0)) }
            }
            start = end
        }
        fast.finish { fastBlocks.append(Array($0)) }
        slow.finish { slowBlocks.append(Array($0)) }
        return (fastBlocks, fast.sawGarbage, slowBlocks, slow.sawGarbage)
    }

    /// Escapes (both cases of hex, broken ones), soft breaks with CRLF, LF, a bare CR and
    /// trailing blanks, "=" at the very end, text runs long enough to fill blocks.
    static func input(_ rng: inout SplitMix64, length: Int) -> [UInt8] {
        let pieces = [
            "=3D", "=20", "=C3=A9", "=e2=80=99", "=\r\n", "=\n", "=\r", "=  \r\n", "=\t\n", "= x", "=G1", "=3",
            "=3G", "==", "=", "=\r=", "=\r\r\n", "caf", " ", "\r\n", "<a href=", "\u{0}", "\u{FF}",
        ].map { Array($0.utf8) }
        var out: [UInt8] = []
        while out.count < length {
            let r = Int.random(in: 0..<10, using: &rng)
            if r < 6 {
                out += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            } else {
                let k = r == 9 ? Int.random(in: 100...9000, using: &rng) : Int.random(in: 1...40, using: &rng)
                for _ in 0..<k {
                    let c = UInt8.random(in: 0x20...0x7E, using: &rng)
                    out.append(c == 0x3D ? 0x41 : c)
                }
            }
        }
        return out
    }

    func testMatchesTheStateMachine() {
        var rng = SplitMix64(state: 20_261_207)
        for round in 0..<600 {
            let input = Self.input(&rng, length: [5, 60, 700, 20_000][round % 4])
            var cuts: [Int] = []
            var at = 0
            let maxStep = [1, 2, 3, 50, 5000, 100_000][round % 6]
            while at < input.count {
                at += Int.random(in: 1...maxStep, using: &rng)
                cuts.append(min(at, input.count))
            }
            let r = run(input, cuts: cuts)
            XCTAssertEqual(r.fast, r.slow, "round \(round)")
            XCTAssertEqual(r.fastGarbage, r.slowGarbage, "round \(round)")
            if r.fast != r.slow { return }
        }
    }
}
