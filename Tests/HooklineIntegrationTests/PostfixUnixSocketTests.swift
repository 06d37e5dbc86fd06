import Foundation
import XCTest

/// The production shape: a unix socket, opened as root, handed to an
/// unprivileged user, and writable by Postfix's smtpd (user postfix).
final class PostfixUnixSocketTests: PostfixLiveCase {
    static let socketDir = IT.workRoot.appendingPathComponent("run").path
    static let socketPath = socketDir + "/hookline.sock"

    override var postfixMilterSpec: String { "unix:\(Self.socketPath)" }

    func testUnixSocketOwnedByDroppedUserServesPostfix() throws {
        try FileManager.default.createDirectory(
            atPath: Self.socketDir, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        // A stale socket from an earlier run must not stop the daemon.
        try? FileManager.default.removeItem(atPath: Self.socketPath)
        let stale = try IT.run([
            "python3", "-c",
            "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])", Self.socketPath,
        ])
        XCTAssertEqual(stale.status, 0, stale.output)
        let d = try startDaemon(TestConfig(user: "postfix", socketMode: "0660"), listen: "unix:\(Self.socketPath)")

        let attrs = try FileManager.default.attributesOfItem(atPath: Self.socketPath)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o660)
        XCTAssertEqual(attrs[.ownerAccountName] as? String, "postfix")
        let status = try String(contentsOfFile: "/proc/\(d.process.processIdentifier)/status", encoding: .utf8)
        let uidLine = status.split(separator: "\n").first { $0.hasPrefix("Uid:") } ?? ""
        XCTAssertFalse(uidLine.split(separator: "\t").dropFirst().contains("0"), "still root: \(uidLine)")

        let r = try send("ham-project-update.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let copy = try XCTUnwrap(delivered("it-ham-1@partner.example"), "not delivered\n\(d.log)")
        XCTAssertTrue(IT.values("X-Hookline-Verdict", in: IT.headers(ofFile: copy)).first?.hasPrefix("accept;") == true)
    }

    /// A stopped daemon must not leave its socket behind (a monitoring check or an
    /// admin would take the file for a live milter). libmilter removes it only when
    /// not root; hookline removes it when root, and only if it is still its own.
    func testStopRemovesTheSocketItCreatedAndNoOtherFile() throws {
        // As systemd's RuntimeDirectory= makes it: owned by the service user, so the
        // unprivileged daemon may unlink its socket there.
        let dir = Self.socketDir + "/owned"
        let path = dir + "/hookline.sock"
        try FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        let chown = try IT.run(["chown", "postfix", dir])
        XCTAssertEqual(chown.status, 0, chown.output)
        for user in [nil, "postfix"] as [String?] {
            let d = try startDaemon(TestConfig(user: user, socketMode: "0660"), listen: "unix:\(path)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: path))
            XCTAssertEqual(d.stop(), 0, d.log)
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: path),
                "socket left behind (user: \(user ?? "none"))\n\(d.log)")
        }

        // Another process's socket, bound at the same path while hookline ran, stays.
        let d = try startDaemon(TestConfig(socketMode: "0660"), listen: "unix:\(path)")
        try FileManager.default.removeItem(atPath: path)
        let other = try IT.run([
            "python3", "-c",
            "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])", path,
        ])
        XCTAssertEqual(other.status, 0, other.output)
        XCTAssertEqual(d.stop(), 0, d.log)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "removed a socket it did not create")
        try? FileManager.default.removeItem(atPath: path)
    }
}
