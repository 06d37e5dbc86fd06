private import CSIMD
private import CZlib

/// Streaming zlib inflate with a ceiling on what it will ever produce, so a
/// compressed bomb in an attachment costs at most `budget` bytes of work.
/// The only file that talks to zlib.
final class Inflater {
    enum State { case running, ended, damaged, budgetSpent }

    private var stream = z_stream()
    private var ready = false
    private(set) var state = State.running
    private var budget: Int
    private static let outSize = 16 << 10
    private let out = UnsafeMutablePointer<UInt8>.allocate(capacity: Inflater.outSize)
    /// zlib checks the trailer itself (the reference), rather than this class.
    private let zlibChecks: Bool
    /// Decided at the first byte: a zlib stream's Adler-32 is summed here, 32 bytes at a
    /// time (`hookline_adler32`), and zlib's own byte loop is turned off (`inflateValidate`):
    /// it was ~27 k instructions a message of the profile sample, on every byte inflated,
    /// mostly image rows. A gzip stream (first byte 0x1F) keeps zlib's CRC-32.
    private var ownCheck = false
    private var decided = false
    private var adler: UInt32 = 1
    /// The last four bytes inflate consumed, first in the high byte: at the stream's end,
    /// its trailer (inflate reads the trailer's 32 bits last, from a byte boundary).
    private var lastFour: UInt32 = 0

    init(budget: Int, zlibChecks: Bool = false) {
        self.budget = budget
        self.zlibChecks = zlibChecks
        ready = hookline_inflate_init(&stream) == Z_OK
        if !ready { state = .damaged }
    }

    deinit {
        if ready { inflateEnd(&stream) }
        out.deallocate()
    }

    /// Inflates `input`, handing each piece of output to `emit`; bytes after the end of the
    /// compressed data are ignored. A trailer that does not match the data makes the state
    /// `.damaged`, as zlib's own check would, after the data went to `emit`.
    func feed(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard state == .running, let base = input.baseAddress, input.count > 0 else { return }
        if !decided {
            decided = true
            // Without AVX2 zlib's own loop is as fast as ours: the check stays zlib's.
            if !zlibChecks && input[0] != 0x1F && hookline_has_avx2() != 0 && inflateValidate(&stream, 0) == Z_OK {
                ownCheck = true
            }
        }
        let start = base.assumingMemoryBound(to: Bytef.self)
        stream.next_in = UnsafeMutablePointer(mutating: start)
        stream.avail_in = UInt32(clamping: input.count)
        var seen = 0  // bytes of `input` already in `lastFour`
        repeat {
            let room = min(Self.outSize, budget)
            if room == 0 { state = .budgetSpent; break }
            stream.next_out = out
            stream.avail_out = UInt32(room)
            let rc = inflate(&stream, Z_NO_FLUSH)
            let produced = room - Int(stream.avail_out)
            if ownCheck {
                if produced > 0 { adler = hookline_adler32(adler, out, produced) }
                if let next = stream.next_in {
                    let consumed = UnsafePointer(next) - start
                    for k in max(seen, consumed - 4)..<max(seen, consumed) { lastFour = lastFour << 8 | UInt32(start[k]) }
                    seen = max(seen, consumed)
                }
            }
            if produced > 0 {
                budget -= produced
                emit(UnsafeRawBufferPointer(start: out, count: produced))
            }
            switch rc {
            case Z_OK: continue
            case Z_STREAM_END: state = !ownCheck || adler == lastFour ? .ended : .damaged
            case Z_BUF_ERROR: break  // needs more input
            default: state = .damaged
            }
            if rc == Z_BUF_ERROR || state != .running { break }
        } while stream.avail_in > 0 || stream.avail_out == 0
        stream.next_in = nil
        stream.avail_in = 0
    }

    /// The Adler-32 of `bytes` after `adler`, as the inflater sums it (for the tests).
    static func adler32(_ adler: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return adler }
        return hookline_adler32(adler, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }
}
