import Foundation
import XCTest

/// Reload and stop, observed through real mail: what the next message gets after
/// SIGUSR1, and whether a message in flight survives SIGTERM.
final class DaemonLifecycleTests: PostfixLiveCase {
    private func verdict(of messageId: String) -> String? {
        delivered(messageId).flatMap { IT.values("X-Hookline-Verdict", in: IT.headers(ofFile: $0)).first }
    }

    private func clearMailbox() {
        for f in IT.files(in: Self.dir + "/mail/catchall/new") { try? FileManager.default.removeItem(atPath: f) }
    }

    func testReloadWithChangedThresholdChangesTheNextVerdict() throws {
        let d = try startDaemon(TestConfig())
        XCTAssertEqual(try send("ham-project-update.eml").status, 0)
        XCTAssertTrue(
            verdict(of: "it-ham-1@partner.example")?.hasPrefix("accept;") == true,
            "\(String(describing: verdict(of: "it-ham-1@partner.example")))")

        try TestConfig(tag: 0, quarantine: nil, reject: nil).write(to: configPath)
        d.signal(SIGUSR1)
        XCTAssertTrue(d.waitForLog("reload: ok"), d.log)
        XCTAssertTrue(d.process.isRunning, "SIGUSR1 must not stop the daemon")

        clearMailbox()
        XCTAssertEqual(try send("ham-project-update.eml").status, 0)
        XCTAssertTrue(
            verdict(of: "it-ham-1@partner.example")?.hasPrefix("tag;") == true,
            "\(String(describing: verdict(of: "it-ham-1@partner.example")))\n\(d.log)")
    }

    /// SIGHUP is libmilter's "stop"; Hookline takes it first and reloads, so
    /// `kill -HUP` (and tools that send it) never cut the mail stream.
    func testSighupReloadsAndNeverStops() throws {
        let d = try startDaemon(TestConfig())
        try TestConfig(tag: 0, quarantine: nil, reject: nil).write(to: configPath)
        for round in 1...5 {
            d.signal(SIGHUP)
            XCTAssertTrue(
                IT.eventually(timeout: 20) {
                    d.log.components(separatedBy: "reload: ok").count - 1 >= round
                }, "reload \(round) after SIGHUP not logged\n\(d.log)")
            XCTAssertTrue(d.process.isRunning, "SIGHUP \(round) stopped the daemon\n\(d.log)")
        }
        XCTAssertEqual(try send("ham-project-update.eml").status, 0)
        XCTAssertTrue(
            verdict(of: "it-ham-1@partner.example")?.hasPrefix("tag;") == true,
            "\(String(describing: verdict(of: "it-ham-1@partner.example")))\n\(d.log)")
    }

    func testBrokenReloadKeepsTheOldConfigAndLogsLocatedErrors() throws {
        let d = try startDaemon(TestConfig(tag: 0, quarantine: nil, reject: nil))
        try """
        mode: enforce
        actions:
          tag: [this is not a number
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        d.signal(SIGUSR1)
        XCTAssertTrue(d.waitForLog("reload: failed"), d.log)
        XCTAssertTrue(d.process.isRunning, "a broken reload must not stop the daemon")
        let located = d.log.split(separator: "\n").contains { line in
            line.range(of: #"\#(configPath):\d+:\d+: "#, options: .regularExpression) != nil
        }
        XCTAssertTrue(located, "no FILE:LINE:COLUMN diagnostic in the log:\n\(d.log)")

        XCTAssertEqual(try send("ham-project-update.eml").status, 0)
        XCTAssertTrue(
            verdict(of: "it-ham-1@partner.example")?.hasPrefix("tag;") == true,
            "old config (tag: 0) not in force: \(String(describing: verdict(of: "it-ham-1@partner.example")))")
    }

    func testSigtermLetsTheMessageInFlightFinishThenExitsZero() throws {
        let d = try startDaemon(TestConfig())
        // The client stops before the final dot; hookline already has the
        // message open (MAIL FROM/RCPT went through the milter).
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = [
            "python3", IT.scripts.appendingPathComponent("smtp_send.py").path,
            String(IT.postfixPort), IT.message("ham-project-update.eml"),
            "user@hookline.test", "sender@client.hookline.test", "4",
        ]
        let outPath = configPath + ".client"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        client.standardOutput = out
        client.standardError = out
        try client.run()
        func clientOutput() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        XCTAssertTrue(IT.eventually(timeout: 20) { clientOutput().contains("HOLDING") }, clientOutput())

        d.signal(SIGTERM)
        XCTAssertTrue(IT.eventually(timeout: 20) { !client.isRunning }, "client never finished")
        client.waitUntilExit()
        try? out.close()
        XCTAssertEqual(client.terminationStatus, 0, clientOutput())

        XCTAssertTrue(IT.eventually(timeout: 30) { !d.process.isRunning }, "hookline did not exit after SIGTERM\n\(d.log)")
        d.process.waitUntilExit()
        XCTAssertEqual(d.process.terminationStatus, 0, d.log)
        XCTAssertEqual(d.process.terminationReason, .exit, d.log)

        _ = try IT.script("postfix.sh", ["settle", Self.dir])
        XCTAssertTrue(
            verdict(of: "it-ham-1@partner.example")?.hasPrefix("accept;") == true,
            "message in flight lost its verdict: \(String(describing: verdict(of: "it-ham-1@partner.example")))\n\(d.log)")
    }
}
