/// The bytes between a daemon and its pattern-compiling child (``PatternCompiler/child(executable:)``).
///
/// Both ends are the same executable, so the format only has to be unambiguous, not
/// stable: little-endian integers, length-prefixed strings, a tag to refuse anything else.
enum PatternWire {
    /// The hidden subcommand the child runs.
    static let subcommand = "compile-patterns"
    /// Q4: the database compiles identical patterns once (``DuplicatePatterns``) and only
    /// a daemon that hands their reports on can use it. A daemon still running an older
    /// build (a reload after an upgrade runs the new executable as its child) asks with Q3,
    /// is refused, and compiles in process.
    static let requestTag: [UInt8] = Array("HLPC-Q4".utf8)
    static let answerTag: [UInt8] = Array("HLPC-A2".utf8)

    /// A start finder's serialised database, and its pattern's longest match in bytes
    /// (`UInt32.max`: unbounded).
    struct Finder {
        var id: UInt32
        var bytes: [UInt8]
        var width: UInt32
    }

    /// Q3/A2: a stream compile also answers with the start finders (``StartFinder``), so
    /// the daemon never compiles one; a Q2 cache entry (finders compiled lazily) is not used.
    enum Answer {
        /// The serialised database and, in stream mode, each start finder's (pattern id, bytes).
        case compiled([UInt8], withoutStart: Set<Int>, finders: [Finder])
        case failed(PatternCompileError)
        /// The databases were written into the request's image file (``DatabaseImage``):
        /// the main one first, at offset 0, then the finders.
        case image(parts: [ImagePart], withoutStart: Set<Int>)
    }

    /// `imagePath`: where the child should write the finished database (the daemon's file);
    /// without one (and in the pattern cache's key) it answers with the serialised bytes.
    static func request(_ specs: [PatternSpec], mode: UInt32, imagePath: String? = nil) -> [UInt8] {
        var out = requestTag
        put(&out, mode)
        put(&out, UInt32(specs.count))
        for s in specs {
            put(&out, s.id)
            out.append(s.caseless ? 1 : 0)
            put(&out, UInt32(bitPattern: Int32(clamping: s.length ?? -1)))
            put(&out, Array(s.expression.utf8))
        }
        if let imagePath { put(&out, Array(imagePath.utf8)) }
        return out
    }

    static func specs(_ bytes: [UInt8]) -> ([PatternSpec], mode: UInt32, imagePath: String?)? {
        var r = Reader(bytes: bytes)
        guard r.tag(requestTag), let mode = r.u32(), let count = r.u32(), Int(count) <= bytes.count else { return nil }
        var specs: [PatternSpec] = []
        specs.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let id = r.u32(), let caseless = r.byte(), let length = r.u32(), let text = r.string() else { return nil }
            let n = Int32(bitPattern: length)
            specs.append(PatternSpec(id: id, expression: text, caseless: caseless != 0, length: n < 0 ? nil : Int(n)))
        }
        if r.atEnd { return (specs, mode, nil) }
        guard let path = r.string(), r.atEnd else { return nil }
        return (specs, mode, path)
    }

    static func answer(_ a: Answer) -> [UInt8] {
        var out = answerTag
        switch a {
        case .compiled(let database, let withoutStart, let finders):
            out.append(0)
            put(&out, withoutStart)
            put(&out, database)
            put(&out, UInt32(clamping: finders.count))
            for finder in finders {
                put(&out, finder.id)
                put(&out, finder.width)
                put(&out, finder.bytes)
            }
        case .failed(let error):
            out.append(1)
            put(&out, UInt32(bitPattern: Int32(clamping: error.index ?? -1)))
            put(&out, Array(error.message.utf8))
        case .image(let parts, let withoutStart):
            out.append(2)
            put(&out, withoutStart)
            put(&out, UInt32(clamping: parts.count))
            for part in parts {
                put(&out, part.id)
                put(&out, UInt32(clamping: part.offset))
                put(&out, UInt32(clamping: part.length))
                put(&out, part.width)
            }
        }
        return out
    }

    static func answer(_ bytes: [UInt8]) -> Answer? {
        var r = Reader(bytes: bytes)
        guard r.tag(answerTag), let kind = r.byte() else { return nil }
        let answer: Answer
        switch kind {
        case 0:
            guard let without = r.indices(), let database = r.blob(), let count = r.u32(), Int(count) <= bytes.count
            else { return nil }
            var finders: [Finder] = []
            for _ in 0..<count {
                guard let id = r.u32(), let width = r.u32(), let finder = r.blob() else { return nil }
                finders.append(Finder(id: id, bytes: finder, width: width))
            }
            answer = .compiled(database, withoutStart: without, finders: finders)
        case 2:
            guard let without = r.indices(), let count = r.u32(), Int(count) <= bytes.count else { return nil }
            var parts: [ImagePart] = []
            for _ in 0..<count {
                guard let id = r.u32(), let offset = r.u32(), let length = r.u32(), let width = r.u32() else { return nil }
                parts.append(ImagePart(id: id, offset: Int(offset), length: Int(length), width: width))
            }
            answer = .image(parts: parts, withoutStart: without)
        case 1:
            guard let index = r.u32(), let message = r.string() else { return nil }
            let i = Int32(bitPattern: index)
            answer = .failed(PatternCompileError(index: i < 0 ? nil : Int(i), message: message))
        default:
            return nil
        }
        return r.atEnd ? answer : nil
    }

    private static func put(_ out: inout [UInt8], _ indices: Set<Int>) {
        put(&out, UInt32(indices.count))
        for i in indices.sorted() { put(&out, UInt32(clamping: i)) }
    }

    private static func put(_ out: inout [UInt8], _ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    private static func put(_ out: inout [UInt8], _ bytes: [UInt8]) {
        put(&out, UInt32(clamping: bytes.count))
        out += bytes
    }

    /// Bounds-checked reads: a short or corrupt answer is nil, never a trap.
    private struct Reader {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at == bytes.count }

        mutating func tag(_ t: [UInt8]) -> Bool {
            guard bytes.count - at >= t.count, bytes[at..<at + t.count].elementsEqual(t) else { return false }
            at += t.count
            return true
        }

        mutating func byte() -> UInt8? {
            guard at < bytes.count else { return nil }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func u32() -> UInt32? {
            guard bytes.count - at >= 4 else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[at + k]) << UInt32(8 * k) }
            at += 4
            return v
        }

        mutating func blob() -> [UInt8]? {
            guard let n = u32(), bytes.count - at >= Int(n) else { return nil }
            defer { at += Int(n) }
            return Array(bytes[at..<at + Int(n)])
        }

        mutating func indices() -> Set<Int>? {
            guard let count = u32(), Int(count) <= bytes.count else { return nil }
            var out = Set<Int>()
            for _ in 0..<count {
                guard let i = u32() else { return nil }
                out.insert(Int(i))
            }
            return out
        }

        mutating func string() -> String? {
            blob().map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
