import HooklineCore

/// Incremental quoted-printable. An `=` escape or a soft line break may be cut
/// anywhere by a chunk boundary, so the decoder carries its position inside the
/// escape as state. Malformed escapes are kept literally, as mail clients do.
final class QuotedPrintableDecoder {
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
                if stop >= n {
                    i = n
                    continue
                }
                // An escape or a soft line break wholly in this input, the common case, at
                // once: what the states would make of it, without storing each of them.
                if n &- stop >= 3 {
                    let h = input[stop &+ 1], l = input[stop &+ 2]
                    if let high = ASCII.hexValue(h), let low = ASCII.hexValue(l) {
                        literal(high << 4 | low, emit)
                        i = stop &+ 3
                        continue
                    }
                    if h == ASCII.cr && l == ASCII.lf {
                        i = stop &+ 3
                        continue
                    }
                }
                if n &- stop >= 2 && input[stop &+ 1] == ASCII.lf {
                    i = stop &+ 2
                    continue
                }
                state = .equals
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
