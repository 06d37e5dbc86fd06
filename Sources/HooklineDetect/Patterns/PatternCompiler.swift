internal import CVectorscan
import Foundation
import HooklineCore

/// Where `hs_compile_multi` runs.
///
/// Compiling the shipped rules (~1,700 patterns) peaks at ~100 MB of heap for a 5 MB
/// database, and glibc keeps much of what the compiler freed. A daemon that compiles in
/// a child only ever holds the finished database: its peak RSS stays near its idle RSS,
/// at start and at every reload (docs/PERFORMANCE.md).
public enum PatternCompiler: Sendable {
    case inProcess
    /// `executable compile-patterns`, fed a ``PatternWire`` request on stdin, answering
    /// with the serialised database on stdout. If the child cannot be run or answers
    /// nonsense, the compile happens in process (slower to give memory back, but correct).
    case child(executable: String)
    /// In process, the result kept in (and next time loaded from) `directory` (``PatternCache``).
    case cached(directory: String)

    /// For the offline commands: the user's cache (``PatternCache/defaultDirectory(_:)``) if
    /// there is one.
    public static var offline: PatternCompiler {
        PatternCache.defaultDirectory().map { .cached(directory: $0) } ?? .inProcess
    }

    /// The hidden subcommand a child compiler runs (``serve(_:)`` on its stdin).
    public static let childSubcommand = PatternWire.subcommand

    /// A compiled database and the spec indices that had to go without start-of-match.
    struct Built {
        var database: OpaquePointer?
        var withoutStart: Set<Int>
        /// Where a loaded database lives when it is not in the heap (``DatabaseMapping``).
        var mapping: DatabaseMapping? = nil
        /// Stream mode: each start finder (``StartFinder``) by pattern id, in `mapping` when
        /// there is one, else in the heap. A regex Vectorscan would not compile alone with
        /// start-of-match has none (its start is approximate).
        var finders: [UInt32: OpaquePointer] = [:]
        /// The longest match (bytes) of each finder's pattern, where it is bounded
        /// (`hs_expression_info`'s `max_width`): its window need reach no further back.
        var widths: [UInt32: Int] = [:]
        /// For finders in a child's image: the length its answer gave each, which
        /// ``StartFinder`` checks against the database before first use.
        var lengths: [UInt32: Int] = [:]

        /// Frees what is in the heap; a mapping is the caller's to unmap.
        func freeHeapDatabases() {
            guard mapping == nil else { return }
            hs_free_database(database)
            for finder in finders.values { hs_free_database(finder) }
        }
    }

    func compile(_ specs: [PatternSpec], mode: UInt32) throws(PatternCompileError) -> Built {
        let executable: String
        switch self {
        case .inProcess: return try Self.compileHere(specs, mode: mode)
        case .cached(let directory): return try Self.compileCached(specs, mode: mode, directory: directory)
        case .child(let path): executable = path
        }
        let answer: PatternWire.Answer
        var imageFile = DatabaseMapping.imageFile()
        defer { imageFile.map(DatabaseMapping.discard) }
        do throws(ChildProcessError) {
            let output = try ChildProcess.exchange(
                executable: executable, arguments: [PatternWire.subcommand],
                input: PatternWire.request(specs, mode: mode, imagePath: imageFile?.path))
            guard let decoded = PatternWire.answer(output) else {
                throw ChildProcessError(message: "unreadable answer (\(output.count) bytes)")
            }
            answer = decoded
        } catch {
            Log.warning("pattern compile in a child process failed (\(error.message)); compiling in process")
            return try Self.compileHere(specs, mode: mode)
        }
        switch answer {
        case .failed(let error):
            throw error
        case .image(let parts, let withoutStart):
            let file = imageFile
            imageFile = nil
            guard withoutStart.allSatisfy({ $0 >= 0 && $0 < specs.count }), let file,
                let mapping = DatabaseMapping.adopt(file, parts: parts)
            else {
                Log.warning("pattern compile in a child process: database image not usable; compiling in process")
                return try Self.compileHere(specs, mode: mode)
            }
            return Self.built(mapping, parts: parts, withoutStart: withoutStart)
        case .compiled(let bytes, let withoutStart, let finders):
            guard withoutStart.allSatisfy({ $0 >= 0 && $0 < specs.count }),
                let built = Self.load(bytes, withoutStart, finders: finders)
            else {
                Log.warning("pattern compile in a child process: database not loadable; compiling in process")
                return try Self.compileHere(specs, mode: mode)
            }
            return built
        }
    }

    private static func compileCached(
        _ specs: [PatternSpec], mode: UInt32, directory: String
    ) throws(PatternCompileError) -> Built {
        let request = PatternWire.request(specs, mode: mode)
        if let (mapping, parts, withoutStart) = PatternCache.loadImage(directory, request: request) {
            if withoutStart.allSatisfy({ $0 >= 0 && $0 < specs.count }) {
                return built(mapping, parts: parts, withoutStart: withoutStart)
            }
            mapping.unmap()
        }
        let built = try compileHere(specs, mode: mode)
        if let bytes = serialize(built.database), let finders = serialize(built.finders, built.widths) {
            PatternCache.storeImage(
                directory, request: request, databases: [bytes] + finders.map(\.bytes),
                ids: [(0, .max)] + finders.map { ($0.id, $0.width) }, withoutStart: built.withoutStart)
        }
        return built
    }

    /// The databases of an image (a child's or the pattern cache's), where they lie in `mapping`.
    private static func built(_ mapping: DatabaseMapping, parts: [ImagePart], withoutStart: Set<Int>) -> Built {
        var finders: [UInt32: OpaquePointer] = [:]
        var widths: [UInt32: Int] = [:]
        var lengths: [UInt32: Int] = [:]
        for part in parts.dropFirst() {
            finders[part.id] = OpaquePointer(mapping.base + part.offset)
            lengths[part.id] = part.length
            if part.width != .max { widths[part.id] = Int(part.width) }
        }
        return Built(
            database: mapping.database, withoutStart: withoutStart, mapping: mapping, finders: finders, widths: widths,
            lengths: lengths)
    }

    /// Start-of-match tracking is what lets evidence quote a whole phrase, but Vectorscan
    /// refuses it for some patterns (wide bounded repeats: "call.{0,40}8\d\d"). Those
    /// are retried without it and report an approximate start instead of failing the config.
    static func compileHere(_ specs: [PatternSpec], mode: UInt32) throws(PatternCompileError) -> Built {
        var withoutStart = Set<Int>()
        while true {
            do throws(PatternCompileError) {
                let db = try compileOnce(specs, mode: mode, withoutStart: withoutStart)
                var built = Built(database: db, withoutStart: withoutStart)
                if mode & UInt32(HS_MODE_STREAM) != 0 {
                    (built.finders, built.widths) = compileFinders(specs, withoutStart: withoutStart)
                }
                return built
            } catch {
                guard let index = error.index, !withoutStart.contains(index), withoutStart.count < 64,
                    error.message.localizedCaseInsensitiveContains("too large")
                        || error.message.localizedCaseInsensitiveContains("start of match")
                else { throw error }
                withoutStart.insert(index)
            }
        }
    }

    /// Every stream regex whose start ``StartFinder`` finds later, compiled alone in block
    /// mode with start-of-match, here (in the compile child or an offline command), so the
    /// daemon never compiles: a lazy compile in the daemon made the first message to hit a
    /// heavy pattern wait for it, and left the compiler's heap in the daemon
    /// (docs/PERFORMANCE.md, perf5). A pattern Vectorscan refuses alone gets no finder. The
    /// ~1,200 compiles are independent, so they run on every core. With each finder, the
    /// pattern's longest match where it is bounded.
    static func compileFinders(
        _ specs: [PatternSpec], withoutStart: Set<Int>
    ) -> (finders: [UInt32: OpaquePointer], widths: [UInt32: Int]) {
        let wanted = specs.indices.filter { !withoutStart.contains($0) && PatternDatabase.startFoundLater(specs[$0]) }
        guard !wanted.isEmpty else { return ([:], [:]) }
        let results = Results(count: wanted.count)
        DispatchQueue.concurrentPerform(iterations: wanted.count) { k in
            let spec = specs[wanted[k]]
            var db: OpaquePointer?
            var compileError: UnsafeMutablePointer<hs_compile_error_t>?
            let flags = PatternDatabase.flags(for: spec) | UInt32(HS_FLAG_SOM_LEFTMOST)
            let code = hs_compile(spec.expression, flags, UInt32(HS_MODE_BLOCK), nil, &db, &compileError)
            if let compileError { hs_free_compile_error(compileError) }
            guard code == HS_SUCCESS, let db else { return }
            var info: UnsafeMutablePointer<hs_expr_info_t>?
            var infoError: UnsafeMutablePointer<hs_compile_error_t>?
            var width = Int.max
            if hs_expression_info(spec.expression, flags, &info, &infoError) == HS_SUCCESS, let info {
                if info.pointee.max_width != UInt32.max { width = Int(info.pointee.max_width) }
            }
            free(info)
            if let infoError { hs_free_compile_error(infoError) }
            results.set(k, db, width)
        }
        var finders: [UInt32: OpaquePointer] = [:]
        var widths: [UInt32: Int] = [:]
        for (k, index) in wanted.enumerated() {
            guard let (db, width) = results.get(k) else { continue }
            let id = specs[index].id
            guard finders[id] == nil else {
                hs_free_database(db)
                continue
            }
            finders[id] = db
            if width != Int.max { widths[id] = width }
        }
        return (finders, widths)
    }

    /// One slot per compile, each written by one iteration only; read after all are done.
    private final class Results: @unchecked Sendable {
        private var slots: [(OpaquePointer, Int)?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ db: OpaquePointer, _ width: Int) {
            lock.lock()
            slots[k] = (db, width)
            lock.unlock()
        }
        func get(_ k: Int) -> (OpaquePointer, Int)? { slots[k] }
    }

    private static func compileOnce(
        _ specs: [PatternSpec], mode: UInt32, withoutStart: Set<Int>
    )
        throws(PatternCompileError) -> OpaquePointer?
    {
        var db: OpaquePointer?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        let allFlags = compiledFlags(specs, mode: mode, withoutStart: withoutStart)
        let kept = DuplicatePatterns(specs, flags: allFlags).compiled
        let cStrings = kept.map { strdup(specs[$0].expression) }
        defer { cStrings.forEach { free($0) } }
        let flags = kept.map { allFlags[$0] }
        let ids = kept.map { specs[$0].id }
        let code = cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { expressions in
            hs_compile_multi(expressions.baseAddress, flags, ids, UInt32(kept.count), mode, nil, &db, &compileError)
        }
        guard code != HS_SUCCESS else { return db }
        var message = "hs_compile_multi failed: \(VectorscanError.name(code))"
        var index: Int?
        if let compileError {
            if let text = compileError.pointee.message { message = String(cString: text) }
            let expression = Int(compileError.pointee.expression)
            index = expression >= 0 && expression < kept.count ? kept[expression] : nil
            hs_free_compile_error(compileError)
        }
        throw PatternCompileError(index: index, message: message)
    }

    /// Each spec's flags in the database: ``PatternDatabase/flags(for:mode:)``, without
    /// start-of-match for the specs Vectorscan would not compile with it.
    static func compiledFlags(_ specs: [PatternSpec], mode: UInt32, withoutStart: Set<Int>) -> [UInt32] {
        specs.enumerated().map { k, spec in
            withoutStart.contains(k)
                ? PatternDatabase.flags(for: spec, mode: mode) & ~UInt32(HS_FLAG_SOM_LEFTMOST)
                : PatternDatabase.flags(for: spec, mode: mode)
        }
    }

    /// The child's side: compile a request and answer with the serialised database or the
    /// compile error, exactly as an in-process compile would have thrown it.
    public static func serve(_ request: [UInt8]) -> [UInt8]? {
        guard let (specs, mode, imagePath) = PatternWire.specs(request) else { return nil }
        do throws(PatternCompileError) {
            let built = try compileHere(specs, mode: mode)
            defer { built.freeHeapDatabases() }
            guard let bytes = serialize(built.database), let finders = serialize(built.finders, built.widths) else {
                return nil
            }
            if let imagePath, let placed = DatabaseMapping.writeImage([bytes] + finders.map(\.bytes), toPath: imagePath) {
                let ids: [(id: UInt32, width: UInt32)] = [(0, .max)] + finders.map { ($0.id, $0.width) }
                let parts = zip(ids, placed).map {
                    ImagePart(id: $0.id, offset: $1.offset, length: $1.length, width: $0.width)
                }
                return PatternWire.answer(.image(parts: parts, withoutStart: built.withoutStart))
            }
            return PatternWire.answer(.compiled(bytes, withoutStart: built.withoutStart, finders: finders))
        } catch {
            return PatternWire.answer(.failed(error))
        }
    }

    /// The finders serialised, in id order (so a cached answer is the same bytes every time),
    /// each with its pattern's longest match (`UInt32.max`: unbounded).
    static func serialize(_ finders: [UInt32: OpaquePointer], _ widths: [UInt32: Int]) -> [PatternWire.Finder]? {
        var out: [PatternWire.Finder] = []
        out.reserveCapacity(finders.count)
        for (id, db) in finders.sorted(by: { $0.key < $1.key }) {
            guard let bytes = serialize(db) else { return nil }
            out.append(PatternWire.Finder(id: id, bytes: bytes, width: widths[id].map { UInt32(clamping: $0) } ?? .max))
        }
        return out
    }

    static func serialize(_ db: OpaquePointer?) -> [UInt8]? {
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(db, &bytes, &length) == HS_SUCCESS, let bytes else { return nil }
        defer { free(bytes) }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// A serialised database made usable: in a file mapping where one can be made (its
    /// untouched pages are then no part of the process's memory), else in the heap.
    static func load(_ bytes: [UInt8], _ withoutStart: Set<Int>, finders: [PatternWire.Finder]) -> Built? {
        var widths: [UInt32: Int] = [:]
        for finder in finders where finder.width != .max { widths[finder.id] = Int(finder.width) }
        if let (mapping, databases) = DatabaseMapping.load([bytes] + finders.map(\.bytes)) {
            var byId: [UInt32: OpaquePointer] = [:]
            for (k, finder) in finders.enumerated() { byId[finder.id] = databases[k + 1] }
            return Built(database: mapping.database, withoutStart: withoutStart, mapping: mapping, finders: byId, widths: widths)
        }
        guard let database = deserialize(bytes) else { return nil }
        var byId: [UInt32: OpaquePointer] = [:]
        for finder in finders {
            guard let db = deserialize(finder.bytes) else {
                Built(database: database, withoutStart: withoutStart, finders: byId).freeHeapDatabases()
                return nil
            }
            byId[finder.id] = db
        }
        return Built(database: database, withoutStart: withoutStart, finders: byId, widths: widths)
    }

    static func deserialize(_ bytes: [UInt8]) -> OpaquePointer? {
        var db: OpaquePointer?
        let code = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { hs_deserialize_database($0.baseAddress, $0.count, &db) }
        }
        return code == HS_SUCCESS ? db : nil
    }
}
