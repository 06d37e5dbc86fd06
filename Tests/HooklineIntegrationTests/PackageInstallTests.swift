import Foundation
import XCTest

/// The Debian package installed into this machine's own Postfix (stock chrooted
/// smtpd): scripts/package-test.sh does the work. It installs a system package,
/// rewrites /etc/postfix/main.cf (restored afterwards) and starts the system
/// Postfix on port 25, so it runs only when asked: HOOKLINE_PACKAGE_TEST=1.
final class PackageInstallTests: XCTestCase {
    func testPackageInstallsIntoStockPostfixAndHoldsALure() throws {
        guard ProcessInfo.processInfo.environment["HOOKLINE_PACKAGE_TEST"] == "1" else {
            throw XCTSkip("set HOOKLINE_PACKAGE_TEST=1 (root) to install the package into the system Postfix")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent("scripts/package-test.sh").path]
        p.currentDirectoryURL = root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("package-test: ALL OK"), text)
    }
}
