import Foundation
import XCTest
@testable import HooklineDetect

final class PatternCacheTests: XCTestCase {
    let specs = [PatternSpec(id: 1, expression: "fraud team", length: 10), PatternSpec(id: 2, expression: "call now")]

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "hookline-cache-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func testSecondCompileLoadsTheFirstOnesDatabase() throws {
        let dir = try temporaryDirectory()
        let first = try PatternDatabase(specs, mode: .block, compiler: .cached(directory: dir))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        XCTAssertEqual(Set(files.map { ($0 as NSString).pathExtension }), ["hsdb", "hsimg"])
        let request = PatternWire.request(specs, mode: PatternDatabase.hsMode(.block))
        XCTAssertNotNil(PatternCache.load(dir, request: request))
        XCTAssertNotNil(PatternCache.loadImage(dir, request: request)?.mapping)
        let second = try PatternDatabase(specs, mode: .block, compiler: .cached(directory: dir))
        XCTAssertEqual(first.rawMatches(in: "call now, fraud team"), [1, 2])
        XCTAssertEqual(second.rawMatches(in: "call now, fraud team"), [1, 2])
        let other = PatternWire.request([PatternSpec(id: 1, expression: "fraud")], mode: PatternDatabase.hsMode(.block))
        XCTAssertNil(PatternCache.load(dir, request: other))
    }

    func testCacheOthersCanWriteIsIgnored() throws {
        let dir = try temporaryDirectory()
        let request = PatternWire.request(specs, mode: PatternDatabase.hsMode(.block))
        PatternCache.store(dir, request: request, answer: [1, 2, 3])
        XCTAssertEqual(PatternCache.load(dir, request: request), [1, 2, 3])
        chmod(dir, 0o777)
        XCTAssertNil(PatternCache.load(dir, request: request))
        chmod(dir, 0o700)
        let file = PatternCache.path(dir, request, try XCTUnwrap(PatternCache.stamp()))
        chmod(file, 0o666)
        XCTAssertNil(PatternCache.load(dir, request: request))
    }

    func testOnlyTheLatestFewDatabasesAreKept() throws {
        let dir = try temporaryDirectory()
        for k in 0..<7 {
            let request = PatternWire.request([PatternSpec(id: 1, expression: "word\(k)")], mode: 0)
            PatternCache.store(dir, request: request, answer: [UInt8(k)])
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        XCTAssertEqual(files.count, PatternCache.kept)
        let newest = PatternWire.request([PatternSpec(id: 1, expression: "word6")], mode: 0)
        XCTAssertEqual(PatternCache.load(dir, request: newest), [6])
    }

    /// A cached entry is mapped as it lies; an image that does not hold what its entry says
    /// (cut short here) is not used, and the next compile writes a good one.
    func testHarmedImageIsCompiledAgain() throws {
        let dir = try temporaryDirectory()
        let stream = specs + [PatternSpec(id: 3, expression: "call\\W+\\d{3}")]
        let request = PatternWire.request(stream, mode: PatternDatabase.hsMode(.stream))
        _ = try PatternDatabase(stream, mode: .stream, compiler: .cached(directory: dir))
        let loaded = try XCTUnwrap(PatternCache.loadImage(dir, request: request))
        XCTAssertGreaterThan(loaded.parts.count, 1, "the start finders follow the stream database")
        loaded.mapping.unmap()
        let image = PatternCache.imagePath(PatternCache.path(dir, request, try XCTUnwrap(PatternCache.stamp())))
        var st = stat()
        XCTAssertEqual(stat(image, &st), 0)
        XCTAssertEqual(truncate(image, st.st_size - 128), 0)
        XCTAssertNil(PatternCache.loadImage(dir, request: request))
        let again = try PatternDatabase(stream, mode: .stream, compiler: .cached(directory: dir))
        XCTAssertNil(again.mapping, "compiled again, in the heap")
        let reloaded = try PatternDatabase(stream, mode: .stream, compiler: .cached(directory: dir))
        XCTAssertNotNil(reloaded.mapping, "the new image is used")
    }

    /// Pruning an entry removes its image, and an image left without an entry goes too.
    func testPrunedEntriesTakeTheirImages() throws {
        let dir = try temporaryDirectory()
        mkdir(dir, 0o700)
        let stamp = try XCTUnwrap(PatternCache.stamp())
        let orphan = dir + "/patterns-0.hsimg"
        XCTAssertTrue(FileManager.default.createFile(atPath: orphan, contents: Data([1])))
        for k in 0..<7 {
            let request = PatternWire.request([PatternSpec(id: 1, expression: "word\(k)")], mode: 0)
            PatternCache.store(dir, request: request, answer: [UInt8(k)])
            let image = PatternCache.imagePath(PatternCache.path(dir, request, stamp))
            XCTAssertTrue(FileManager.default.createFile(atPath: image, contents: Data([UInt8(k)])))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        XCTAssertEqual(files.filter { $0.hasSuffix(".hsdb") }.count, PatternCache.kept)
        XCTAssertEqual(files.filter { $0.hasSuffix(".hsimg") }.count, PatternCache.kept)
        XCTAssertFalse(FileManager.default.fileExists(atPath: orphan))
    }

    func testDefaultDirectory() {
        XCTAssertEqual(PatternCache.defaultDirectory(["HOOKLINE_CACHE_DIR": "/x", "HOME": "/h"]), "/x")
        XCTAssertNil(PatternCache.defaultDirectory(["HOOKLINE_CACHE_DIR": "", "HOME": "/h"]))
        XCTAssertEqual(PatternCache.defaultDirectory(["XDG_CACHE_HOME": "/c", "HOME": "/h"]), "/c/hookline")
        XCTAssertEqual(PatternCache.defaultDirectory(["HOME": "/h"]), "/h/.cache/hookline")
        XCTAssertNil(PatternCache.defaultDirectory([:]))
    }
}
