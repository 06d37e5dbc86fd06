/// HEIC/HEIF dimensions from the ISO-BMFF boxes, read in Swift like the other formats'
/// headers so a logo is dropped and a declared bomb refused while the part streams.
///
/// The size sits in `ispe` properties: `meta` → `iprp` → `ipco` → `ispe`. A file holds
/// one per item (the primary image, each grid tile, the thumbnail); the largest is the
/// one to judge by (a grid's own `ispe` is the whole picture). libheif reads the same
/// boxes again, and checks the primary image alone, before it decodes a pixel.
extension ImageHeader {
    /// Largest `ispe` width × height in the `meta` box, or nil while it is not all in `b`.
    static func heifSize(_ b: [UInt8]) -> (Int, Int)? {
        guard let meta = box("meta", in: b, from: 0, to: b.count),
            let iprp = box("iprp", in: b, from: meta.body + 4, to: meta.end),  // meta is a full box
            let ipco = box("ipco", in: b, from: iprp.body, to: iprp.end)
        else { return nil }
        var best: (Int, Int)?
        var i = ipco.body
        var seen = 0
        while let child = nextBox(b, at: i, limit: ipco.end), seen < 4096 {
            seen += 1
            // ispe: version and flags (4), width (4), height (4).
            if child.type == "ispe", child.body + 12 <= child.end {
                let size = (be32(b, child.body + 4), be32(b, child.body + 8))
                if best.map({ area($0) < area(size) }) ?? true { best = size }
            }
            i = child.end
        }
        return best ?? (0, 0)
    }

    /// Width × height, saturating: both are 32-bit fields anyone can write.
    private static func area(_ size: (Int, Int)) -> Int {
        let (a, overflow) = size.0.multipliedReportingOverflow(by: size.1)
        return overflow ? Int.max : a
    }

    private struct Box {
        var type: String
        var body: Int
        var end: Int
    }

    /// The first box of `type` among the siblings in `b[from..<to]`, whole within the bytes.
    private static func box(_ type: String, in b: [UInt8], from: Int, to: Int) -> Box? {
        var i = from
        var seen = 0
        while let child = nextBox(b, at: i, limit: to), seen < 256 {
            if child.type == type { return child }
            seen += 1
            i = child.end
        }
        return nil
    }

    /// The box starting at `i`, when its header and its whole body lie before `limit`.
    private static func nextBox(_ b: [UInt8], at i: Int, limit: Int) -> Box? {
        guard i >= 0, i + 8 <= limit, limit <= b.count else { return nil }
        var size = be32(b, i)
        var header = 8
        if size == 1 {  // 64-bit size follows the type
            guard i + 16 <= limit else { return nil }
            let high = be32(b, i + 8)
            guard high == 0 else { return nil }  // over 4 GB: not in any mail
            size = be32(b, i + 12)
            header = 16
        } else if size == 0 {  // to the end of the enclosing box
            size = limit - i
        }
        guard size >= header, i + size <= limit else { return nil }
        let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
        return Box(type: type, body: i + header, end: i + size)
    }
}
