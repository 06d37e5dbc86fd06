import Foundation
import XCTest

/// The same milter behind Sendmail 8.17 (INPUT_MAIL_FILTER): Sendmail sends no
/// ABORT between messages and fewer macros than Postfix, and keeps quarantined
/// mail in its queue with the reason (`mailq -qQ`).
final class SendmailMilterTests: XCTestCase {
    static let dir = IT.workRoot.appendingPathComponent("sendmail").path
    var daemon: MilterDaemonProcess?

    override func setUpWithError() throws {
        try IT.requireLiveEnvironment()
    }

    override func tearDown() {
        if let daemon {
            daemon.stop()
            if (testRun?.totalFailureCount ?? 0) > 0 { print("hookline log:\n\(daemon.log)") }
        }
        if getuid() == 0 { _ = try? IT.script("sendmail.sh", ["down", Self.dir]) }
        super.tearDown()
    }

    private func delivered(_ messageId: String) -> String? {
        IT.files(in: Self.dir + "/mail/new").first { path in
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(messageId)
        }
    }

    private func send(_ message: String) throws -> IT.Result {
        let r = try IT.send(port: IT.sendmailPort, IT.message(message))
        _ = try IT.script("sendmail.sh", ["settle", Self.dir])
        return r
    }

    func testVerdictsThroughSendmail() throws {
        let configPath = IT.workRoot.appendingPathComponent("sendmail.yaml").path
        try FileManager.default.createDirectory(at: IT.workRoot, withIntermediateDirectories: true)
        try TestConfig().write(to: configPath)
        let d = MilterDaemonProcess(configPath: configPath, logPath: configPath + ".log")
        try d.start()
        daemon = d

        let up = try IT.script("sendmail.sh", ["up", Self.dir, String(IT.sendmailPort), "inet:\(IT.milterPort)@127.0.0.1"])
        XCTAssertEqual(up.status, 0, up.output)
        guard up.status == 0 else { return }
        for f in IT.files(in: Self.dir + "/mail/new") { try? FileManager.default.removeItem(atPath: f) }
        for f in IT.files(in: Self.dir + "/queue")
        where f.split(separator: "/").last?.hasPrefix("hf") == true
            || f.split(separator: "/").last?.hasPrefix("df") == true
        {
            try? FileManager.default.removeItem(atPath: f)
        }

        // Ham, with forged verdicts the sender put in.
        let ham = try send("ham-forged-verdict-headers.eml")
        XCTAssertEqual(ham.status, 0, ham.output)
        let hamCopy = try XCTUnwrap(delivered("it-ham-forged@club.example"), "ham not delivered\n\(d.log)")
        let hamHeaders = IT.headers(ofFile: hamCopy)
        let verdicts = IT.values("X-Hookline-Verdict", in: hamHeaders)
        XCTAssertEqual(verdicts.count, 1, "\(verdicts)")
        XCTAssertTrue(verdicts.first?.hasPrefix("accept; score=") == true, "\(verdicts)")
        XCTAssertEqual(IT.values("X-Hookline-Score", in: hamHeaders), [])

        // A second message on a new connection, then the phish: quarantined.
        let ham2 = try send("ham-project-update.eml")
        XCTAssertEqual(ham2.status, 0, ham2.output)
        XCTAssertNotNil(delivered("it-ham-1@partner.example"))

        let phish = try send("azure-monitor-callback.eml")
        XCTAssertEqual(phish.status, 0, phish.output)
        XCTAssertNil(delivered("it-azure-callback-1@hookline.test"), "quarantined message was delivered")
        let mailq = try IT.script("sendmail.sh", ["quarantined", Self.dir])
        XCTAssertTrue(mailq.output.contains("QUARANTINE: hookline:"), mailq.output)
        XCTAssertTrue(d.waitForLog("action=quarantine"), d.log)
    }
}
