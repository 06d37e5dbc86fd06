import HooklineCore

/// %XX decoding for link targets ("tel:%2B1%20864..."), bytes in and bytes out.
enum PercentDecoding {
    static func decode(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return s }
        return String(decoding: decodeBytes(bytes), as: UTF8.self)
    }

    static func decodeBytes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let h = ASCII.hexValue(bytes[i + 1]), let l = ASCII.hexValue(bytes[i + 2])
            {
                out.append(h << 4 | l); i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return out
    }
}
