#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place that talks to iconv. It converts a stream to UTF-8, carrying an
/// incomplete multi-byte character (EINVAL) into the next chunk and replacing each
/// undecodable byte (EILSEQ) with U+FFFD, so a hostile byte never stops the part.
final class IconvConverter {
    private let cd: iconv_t
    private var carry: [UInt8] = []
    private(set) var sawInvalid = false
    private let outCapacity = 8192
    private let outBase: UnsafeMutablePointer<CChar>
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
    /// Longest character any supported charset needs (GB18030: 4, ISO-2022 escapes: 4+).
    private static let maxCarry = 16

    /// Returns nil when iconv does not know `charset`.
    init?(charset: String) {
        let handle = iconv_open("UTF-8", charset)
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        cd = handle
        outBase = .allocate(capacity: outCapacity)
    }

    deinit {
        iconv_close(cd)
        outBase.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        if !carry.isEmpty {
            // Join the cut character with a few bytes of this chunk and convert that alone.
            let old = carry.count
            let take = min(input.count, IconvConverter.maxCarry)
            var staging = carry
            staging.append(contentsOf: input.slice(0, take))
            carry.removeAll(keepingCapacity: true)
            let consumed = staging.withUnsafeBytes { convert($0, emit) }
            if consumed < old && take < input.count {
                // No real charset has a character this long: give up on it, keep the chunk.
                dropCarry(emit)
            } else if consumed < old || (consumed < staging.count && take == input.count) {
                // Still incomplete (tiny chunk): everything unconsumed waits again.
                carry = Array(staging[consumed...])
                if carry.count > IconvConverter.maxCarry { dropCarry(emit) }
                return
            } else {
                start = consumed - old
            }
        }
        let rest = input.slice(start, input.count)
        let consumed = convert(rest, emit)
        if consumed < rest.count {
            carry.append(contentsOf: rest.slice(consumed, rest.count))
            if carry.count > IconvConverter.maxCarry { dropCarry(emit) }
        }
    }

    func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
        if !carry.isEmpty {
            sawInvalid = true
            carry.removeAll()
            IconvConverter.replacement.withUnsafeBytes { emit($0) }
        }
        var outPtr: UnsafeMutablePointer<CChar>? = outBase
        var outLeft = outCapacity
        _ = iconv(cd, nil, nil, &outPtr, &outLeft)
        if outLeft < outCapacity { emit(UnsafeRawBufferPointer(start: outBase, count: outCapacity - outLeft)) }
    }

    private func dropCarry(_ emit: (UnsafeRawBufferPointer) -> Void) {
        sawInvalid = true
        carry.removeAll()
        IconvConverter.replacement.withUnsafeBytes { emit($0) }
    }

    /// Converts until the input ends or ends inside a character; returns bytes consumed.
    private func convert(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        while inLeft > 0 {
            var outPtr: UnsafeMutablePointer<CChar>? = outBase
            var outLeft = outCapacity
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            let err = r == -1 ? errno : 0
            if outLeft < outCapacity { emit(UnsafeRawBufferPointer(start: outBase, count: outCapacity - outLeft)) }
            if r != -1 { break }
            if err == E2BIG { continue }
            if err == EINVAL { break }
            // EILSEQ (or anything else): skip one byte, mark it, go on.
            sawInvalid = true
            IconvConverter.replacement.withUnsafeBytes { emit($0) }
            inPtr = inPtr.map { $0 + 1 }
            inLeft -= 1
        }
        return input.count - inLeft
    }
}
