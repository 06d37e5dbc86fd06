import Foundation
import HooklineOffline
import XCTest

/// `scan DIR` lists what `FileManager.enumerator(atPath:)` listed before it read the
/// directories itself: hidden directories walked, symbolic links listed but not followed,
/// any entry named *.eml (any case) kept, sorted.
final class FileScanExpandTests: XCTestCase {
    func testListsWhatTheEnumeratorListed() throws {
        let fm = FileManager.default
        let root = NSTemporaryDirectory() + "hookline-expand-\(getpid())"
        try? fm.removeItem(atPath: root)
        defer { try? fm.removeItem(atPath: root) }
        for dir in ["a/.hidden", "b.eml", "c/d/e"] {
            try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        for file in ["a/x.EML", "a/.hidden/y.eml", "b.eml/z.eml", "c/d/e/w.eml", "c/note.txt", "top.eml"] {
            XCTAssertTrue(fm.createFile(atPath: root + "/" + file, contents: Data("Subject: x\r\n\r\n".utf8)))
        }
        try fm.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/c")
        try fm.createSymbolicLink(atPath: root + "/l.eml", withDestinationPath: root + "/top.eml")

        var expected: [String] = []
        if let e = fm.enumerator(atPath: root) {
            for case let rel as String in e where rel.lowercased().hasSuffix(".eml") {
                expected.append((root as NSString).appendingPathComponent(rel))
            }
        }
        XCTAssertEqual(FileScan.expand([root]), expected.sorted())
        XCTAssertEqual(FileScan.expand([root + "/"]), expected.sorted())
        XCTAssertEqual(expected.count, 7)
    }
}
