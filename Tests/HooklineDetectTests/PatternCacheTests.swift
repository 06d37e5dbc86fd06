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
        XCTAssertEqual(files.count, 1)
        let request = PatternWire.request(specs, mode: PatternDatabase.hsMode(.block))
        XCTAssertNotNil(PatternCache.load(dir, request: request))
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

    func testDefaultDirectory() {
        XCTAssertEqual(PatternCache.defaultDirectory(["HOOKLINE_CACHE_DIR": "/x", "HOME": "/h"]), "/x")
        XCTAssertNil(PatternCache.defaultDirectory(["HOOKLINE_CACHE_DIR": "", "HOME": "/h"]))
        XCTAssertEqual(PatternCache.defaultDirectory(["XDG_CACHE_HOME": "/c", "HOME": "/h"]), "/c/hookline")
        XCTAssertEqual(PatternCache.defaultDirectory(["HOME": "/h"]), "/h/.cache/hookline")
        XCTAssertNil(PatternCache.defaultDirectory([:]))
    }
}
