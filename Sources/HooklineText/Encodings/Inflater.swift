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

    init(budget: Int) {
        self.budget = budget
        ready = hookline_inflate_init(&stream) == Z_OK
        if !ready { state = .damaged }
    }

    deinit {
        if ready { inflateEnd(&stream) }
        out.deallocate()
    }

    /// Inflates `input`, handing each piece of output to `emit`; bytes after the end of the
    /// compressed data are ignored.
    func feed(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard state == .running, let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(clamping: input.count)
        repeat {
            let room = min(Self.outSize, budget)
            if room == 0 { state = .budgetSpent; break }
            stream.next_out = out
            stream.avail_out = UInt32(room)
            let rc = inflate(&stream, Z_NO_FLUSH)
            let produced = room - Int(stream.avail_out)
            if produced > 0 {
                budget -= produced
                emit(UnsafeRawBufferPointer(start: out, count: produced))
            }
            switch rc {
            case Z_OK: continue
            case Z_STREAM_END: state = .ended
            case Z_BUF_ERROR: break  // needs more input
            default: state = .damaged
            }
            if rc == Z_BUF_ERROR || state != .running { break }
        } while stream.avail_in > 0 || stream.avail_out == 0
        stream.next_in = nil
        stream.avail_in = 0
    }
}
