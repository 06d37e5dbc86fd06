import Foundation
import XCTest

/// Shared setup of the tests that run mail through a private Postfix into a
/// `hookline run` child process; holds no tests itself.
class PostfixLiveCase: XCTestCase {
    static let dir = IT.workRoot.appendingPathComponent("postfix").path
    var daemon: MilterDaemonProcess?
    var configPath = ""

    override class func setUp() {
        super.setUp()
        guard getuid() == 0 else { return }
        // Failures surface in each test's own `up` check below.
        _ = try? IT.script("postfix.sh", ["up", dir, String(IT.postfixPort), "inet:127.0.0.1:\(IT.milterPort)"])
    }

    override class func tearDown() {
        if getuid() == 0 { _ = try? IT.script("postfix.sh", ["down", dir]) }
        super.tearDown()
    }

    /// How Postfix reaches the milter in this test (Postfix syntax).
    var postfixMilterSpec: String { "inet:127.0.0.1:\(IT.milterPort)" }

    override func setUpWithError() throws {
        try IT.requireLiveEnvironment()
        let up = try IT.script("postfix.sh", ["up", Self.dir, String(IT.postfixPort), postfixMilterSpec])
        XCTAssertEqual(up.status, 0, up.output)
        try XCTSkipIf(up.status != 0 && ProcessInfo.processInfo.environment["CI"] != "true", "Postfix did not start")
        // Each test starts from an empty mailbox and hold queue.
        for f in IT.files(in: Self.dir + "/mail/catchall/new") { try? FileManager.default.removeItem(atPath: f) }
        _ = try? IT.run(["postsuper", "-c", Self.dir + "/etc", "-d", "ALL", "hold"])
        configPath = IT.workRoot.appendingPathComponent("postfix-\(name.filter(\.isLetter)).yaml").path
    }

    override func tearDown() {
        if let daemon, daemon.process.isRunning {
            daemon.stop()
            if (testRun?.totalFailureCount ?? 0) > 0 { print("hookline log:\n\(daemon.log)") }
        }
        daemon = nil
        super.tearDown()
    }

    func startDaemon(_ config: TestConfig, listen: String = "inet:\(IT.milterPort)@127.0.0.1") throws -> MilterDaemonProcess {
        try config.write(to: configPath)
        let d = MilterDaemonProcess(configPath: configPath, logPath: configPath + ".log", listen: listen)
        try d.start()
        daemon = d
        return d
    }

    func send(_ message: String) throws -> IT.Result {
        let r = try IT.send(port: IT.postfixPort, IT.message(message))
        _ = try IT.script("postfix.sh", ["settle", Self.dir])
        return r
    }

    /// The delivered copy carrying this Message-ID, if any.
    func delivered(_ messageId: String) -> String? {
        IT.files(in: Self.dir + "/mail/catchall/new").first { path in
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(messageId)
        }
    }

    func queueId(_ reply: String) -> String? {
        reply.components(separatedBy: "queued as ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: .whitespaces).first
    }
}
