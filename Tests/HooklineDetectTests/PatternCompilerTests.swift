import HooklineCore
import XCTest
@testable import HooklineDetect

/// The daemon compiles in a child (`hookline compile-patterns`); these drive the child's
/// side (`serve`) and the wire in process, since a unit test has no hookline binary.
final class PatternCompilerTests: XCTestCase {
    let specs = [
        PatternSpec(id: 1, expression: "fraud team", length: 10),
        PatternSpec(id: 2, expression: "\\bcall\\b.{0,40}\\+?1?[ .-]?\\(?8\\d\\d"),
        PatternSpec(id: 7, expression: "Windows Defender", caseless: false),
    ]

    func testRequestRoundTripsEverySpecField() throws {
        let request = PatternWire.request(specs, mode: 42)
        let decoded = try XCTUnwrap(PatternWire.specs(request))
        XCTAssertEqual(decoded.0, specs)
        XCTAssertEqual(decoded.mode, 42)
        XCTAssertNil(PatternWire.specs(Array(request.dropLast())), "a short request is refused, not trapped on")
        XCTAssertNil(PatternWire.specs(request + [0]))
    }

    /// In block mode: a stream database no longer asks start-of-match of unanchored regexes
    /// (``StartFinder`` finds their starts), so only block mode still needs the retry.
    func testServedDatabaseScansLikeAnInProcessOne() throws {
        let mode = PatternDatabase.hsMode(.block)
        let answer = try XCTUnwrap(PatternCompiler.serve(PatternWire.request(specs, mode: mode)))
        guard case .compiled(let bytes, let withoutStart, let finders) = PatternWire.answer(answer) else {
            return XCTFail("expected a compiled database")
        }
        XCTAssertTrue(finders.isEmpty, "block mode has no start finders")
        XCTAssertEqual(withoutStart, [1], "the too-large pattern goes without start-of-match, as in process")
        XCTAssertNotNil(PatternCompiler.deserialize(bytes))
        XCTAssertNil(PatternWire.answer(Array(answer.dropLast())))
        let text = "the fraud team says call our desk now at +1 (888) 555-0100, Windows Defender"
        let here = try PatternDatabase(specs, mode: .stream)
        XCTAssertEqual(here.approximateStart, [2], "its finder (alone, with start-of-match) is too large: known at load")
        XCTAssertFalse(here.starts?.has(2) ?? false)
        let matches = analyze(text, patterns: here).matches
        XCTAssertEqual(matches.map(\.id), [1, 2])
        let wide = try XCTUnwrap(matches.last)
        XCTAssertEqual(wide.start, wide.end - PatternDatabase.approximateSpan, "too large alone too: approximate, as before")
    }

    func testServedCompileErrorIsTheInProcessOne() throws {
        let bad = [PatternSpec(id: 10, expression: "fine"), PatternSpec(id: 12, expression: "(unclosed")]
        let answer = try XCTUnwrap(PatternCompiler.serve(PatternWire.request(bad, mode: PatternDatabase.hsMode(.block))))
        guard case .failed(let error) = PatternWire.answer(answer) else { return XCTFail("expected a compile error") }
        XCTAssertEqual(error.index, 1)
        XCTAssertThrowsError(try PatternDatabase(bad, mode: .block)) { e in
            XCTAssertEqual((e as? PatternCompileError)?.message, error.message)
        }
    }

    func testChildThatCannotRunFallsBackToCompilingHere() throws {
        let db = try PatternDatabase(specs, mode: .block, compiler: .child(executable: "/nonexistent/hookline"))
        XCTAssertEqual(db.rawMatches(in: "call the fraud team"), [1])
        let notACompiler = try PatternDatabase(specs, mode: .block, compiler: .child(executable: "/bin/true"))
        XCTAssertEqual(notACompiler.rawMatches(in: "call the fraud team"), [1])
    }

    /// A database loaded from the cache lives in a file mapping (DatabaseMapping); it must
    /// report the same matches, starts and evidence as the heap copy compiled in process.
    func testMappedDatabaseScansLikeTheHeapOne() throws {
        let directory = NSTemporaryDirectory() + "hookline-mapped-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stored = try PatternDatabase(specs, mode: .stream, compiler: .cached(directory: directory))
        let loaded = try PatternDatabase(specs, mode: .stream, compiler: .cached(directory: directory))
        XCTAssertNil(stored.mapping, "compiled in process: in the heap")
        XCTAssertNotNil(loaded.mapping, "loaded from the cache: mapped (this test needs a disk-backed /var/tmp or /tmp)")
        let text = "the fraud team says call our desk now at +1 (888) 555-0100, Windows Defender; fraud team again"
        let a = analyze(text, patterns: stored).matches
        let b = analyze(text, patterns: loaded).matches
        XCTAssertEqual(a.map(\.id), b.map(\.id))
        XCTAssertEqual(a.map(\.start), b.map(\.start))
        XCTAssertEqual(a.map(\.end), b.map(\.end))
        XCTAssertEqual(a.map(\.evidence), b.map(\.evidence))
        XCTAssertEqual(b.count, 3)
    }

    /// The daemon's child writes the database image into a file the daemon maps
    /// (DatabaseImage): the image must be byte for byte what the daemon would have made of
    /// the serialised bytes itself, and a request naming the file gets an image answer.
    func testChildImageIsTheDeserialisedDatabase() throws {
        let mode = PatternDatabase.hsMode(.block)
        let answer = try XCTUnwrap(PatternCompiler.serve(PatternWire.request(specs, mode: mode)))
        guard case .compiled(let bytes, _, _) = PatternWire.answer(answer) else { return XCTFail("expected bytes") }
        let file = try XCTUnwrap(DatabaseMapping.imageFile(), "needs a disk-backed /var/tmp or /tmp")
        let placed = try XCTUnwrap(DatabaseMapping.writeImage([bytes], toPath: file.path))
        XCTAssertEqual(placed.count, 1)
        let image = try XCTUnwrap(DatabaseMapping.adopt(file, parts: [ImagePart(id: 0, offset: 0, length: placed[0].length)]))
        defer { image.unmap() }
        let here = try XCTUnwrap(DatabaseMapping.load([bytes])).mapping
        defer { here.unmap() }
        XCTAssertEqual(image.length, here.length)
        XCTAssertEqual(memcmp(image.base, here.base, min(image.length, here.length)), 0)

        let other = try XCTUnwrap(DatabaseMapping.imageFile())
        let served = try XCTUnwrap(PatternCompiler.serve(PatternWire.request(specs, mode: mode, imagePath: other.path)))
        guard case .image(let parts, let withoutStart) = PatternWire.answer(served) else {
            DatabaseMapping.discard(other)
            return XCTFail("expected an image answer")
        }
        XCTAssertEqual(withoutStart, [1])
        let adopted = try XCTUnwrap(DatabaseMapping.adopt(other, parts: parts))
        adopted.unmap()
        XCTAssertNil(PatternWire.specs(PatternWire.request(specs, mode: mode, imagePath: "/x") + [0]))
        XCTAssertEqual(PatternWire.specs(PatternWire.request(specs, mode: mode, imagePath: "/x"))?.imagePath, "/x")
    }

    /// A stream compile ships every start finder in the image after the stream database, so
    /// the daemon never compiles one; the daemon checks each part before it uses the image.
    func testStreamImageCarriesTheStartFinders() throws {
        let stream = [
            PatternSpec(id: 1, expression: "fraud team", length: 10),
            PatternSpec(id: 4, expression: "\\bcall(?: \\S+){0,3} (?:us|now)\\b"),
            PatternSpec(id: 5, expression: "\\bdid(?: not|n't) pay\\b"),
            PatternSpec(id: 6, expression: "^anchored"),
        ]
        let mode = PatternDatabase.hsMode(.stream)
        let file = try XCTUnwrap(DatabaseMapping.imageFile(), "needs a disk-backed /var/tmp or /tmp")
        let served = try XCTUnwrap(PatternCompiler.serve(PatternWire.request(stream, mode: mode, imagePath: file.path)))
        guard case .image(let parts, _) = PatternWire.answer(served) else {
            DatabaseMapping.discard(file)
            return XCTFail("expected an image answer")
        }
        XCTAssertEqual(parts.map(\.id).dropFirst(), [4, 5], "finders for the unanchored regexes only, in id order")
        XCTAssertTrue(parts.allSatisfy { $0.offset % DatabaseMapping.partAlignment == 0 })
        XCTAssertEqual(parts.map(\.width).dropFirst(), [.max, 11], "call … us is unbounded; did not pay is 11 bytes at most")
        XCTAssertEqual(
            PatternWire.answer(PatternWire.answer(.image(parts: parts, withoutStart: [])))
                .flatMap { if case .image(let p, _) = $0 { p } else { nil } }, parts)
        var wrong = parts
        wrong[0].length += 1
        let copy = ImageFile(fd: dup(file.fd), path: file.path)
        XCTAssertNil(DatabaseMapping.adopt(copy, parts: wrong), "a main database whose size is not the answer's is refused")
        let mapping = try XCTUnwrap(DatabaseMapping.adopt(file, parts: parts))
        defer { mapping.unmap() }
        // A finder is checked when it first runs: one whose size is not the answer's is not used.
        let part = parts[1]
        let database = OpaquePointer(mapping.base + part.offset)
        let text = Array("please call us now".utf8)
        let bad = StartFinder([part.id: database], lengths: [part.id: part.length + 1], mapping: mapping)
        var starts = [-1]
        text.withUnsafeBufferPointer { bad.starts(id: part.id, ends: [text.count], into: &starts, window: $0, base: 0) }
        XCTAssertEqual(starts, [-1])
        let good = StartFinder([part.id: database], lengths: [part.id: part.length], mapping: mapping)
        text.withUnsafeBufferPointer { good.starts(id: part.id, ends: [text.count], into: &starts, window: $0, base: 0) }
        XCTAssertEqual(starts, [7], "call us now")
    }
}
