import Foundation
import XCTest

/// Hostile mail through the real path (SMTP → Postfix → milter protocol →
/// `hookline run`): deep MIME and message/rfc822 nesting, thousands of header
/// fields, megabyte lines, broken base64 and quoted-printable, charsets that do
/// not exist or lie, NUL bytes, a missing final boundary, raw 8-bit headers.
/// Every one must be delivered or held (never lost, never tempfailed: the
/// config says `on_error: accept`), and the daemon must still judge ordinary
/// mail afterwards. Small fixtures are in Messages/hostile/, the large ones are
/// written at test time by Scripts/make_hostile.py; each is named for what it
/// attacks and carries `Message-ID: <hostile-NAME@hookline.test>`.
final class PostfixHostileMessagesTests: PostfixLiveCase {
    private func hostileFiles() throws -> [String] {
        let generated = IT.workRoot.appendingPathComponent("hostile-generated").path
        try? FileManager.default.removeItem(atPath: generated)
        let gen = try IT.run(["python3", IT.scripts.appendingPathComponent("make_hostile.py").path, generated], timeout: 60)
        XCTAssertEqual(gen.status, 0, gen.output)
        return (IT.files(in: IT.messages.appendingPathComponent("hostile").path) + IT.files(in: generated))
            .filter { $0.hasSuffix(".eml") }
    }

    /// The delivered copy holding `needle`, compared as bytes: several of these
    /// messages are not valid UTF-8.
    private func deliveredCopy(containing needle: String) -> Data? {
        let bytes = Data(needle.utf8)
        for path in IT.files(in: Self.dir + "/mail/catchall/new") {
            if let data = FileManager.default.contents(atPath: path), data.range(of: bytes) != nil { return data }
        }
        return nil
    }

    private func tail(_ log: String) -> String { String(log.suffix(3000)) }

    private func verdictLine(in copy: Data) -> String? {
        guard let start = copy.range(of: Data("X-Hookline-Verdict: ".utf8)) else { return nil }
        let rest = copy[start.upperBound...]
        let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
        return String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
    }

    func testHostileMessagesAreDeliveredOrHeldAndTheDaemonStillAnswers() throws {
        let d = try startDaemon(TestConfig())
        // Started as root without `user:`: it runs, but says so.
        XCTAssertTrue(d.log.contains("running as root: set `user:`"), d.log)
        let files = try hostileFiles()
        XCTAssertGreaterThanOrEqual(files.count, 11, "hostile fixtures went missing: \(files)")

        var sent: [(name: String, queueId: String)] = []
        for file in files {
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let r = try IT.send(port: IT.postfixPort, file)
            // 2xx only: a 4xx would mean Hookline failed and Postfix applied its
            // milter_default_action (tempfail), which on_error: accept never asks for.
            XCTAssertEqual(r.status, 0, "\(name): \(r.output)\n\(tail(d.log))")
            if let id = queueId(r.output) { sent.append((name, id)) }
            XCTAssertTrue(d.process.isRunning, "hookline died on \(name)\n\(tail(d.log))")
        }
        _ = try IT.script("postfix.sh", ["settle", Self.dir])

        var report: [String] = []
        for (name, id) in sent {
            let held = FileManager.default.fileExists(atPath: Self.dir + "/queue/hold/" + id)
            let copy = deliveredCopy(containing: "hostile-\(name)@hookline.test")
            XCTAssertTrue(held || copy != nil, "\(name) (queue \(id)) is neither delivered nor held: lost")
            if let copy {
                // Judged by Hookline (verdict header), or passed by on_error with the reason logged.
                let verdict = verdictLine(in: copy)
                XCTAssertTrue(
                    verdict != nil || d.log.contains("queue=\(id) internal error"),
                    "\(name): delivered without a verdict and without an on_error log line\n\(tail(d.log))")
                report.append("\(name): delivered, \(verdict ?? "no header (on_error)")")
            } else {
                XCTAssertTrue(d.waitForLog("queue=\(id) action=quarantine"), "\(name): held, but no quarantine log line")
                report.append("\(name): held (quarantine)")
            }
        }
        print("hostile set through Postfix:\n  " + report.joined(separator: "\n  "))

        // Still answering, and still judging: the reference phish is held.
        let r = try send("azure-monitor-callback.eml")
        XCTAssertEqual(r.status, 0, r.output)
        let id = try XCTUnwrap(queueId(r.output), r.output)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: Self.dir + "/queue/hold/" + id),
            "after the hostile set the callback phish was not held\n\(tail(d.log))")
        XCTAssertTrue(d.waitForLog("queue=\(id) action=quarantine"), tail(d.log))
        XCTAssertFalse(d.log.contains("Fatal error"), tail(d.log))
        XCTAssertEqual(d.stop(), 0, "hookline did not stop cleanly\n\(tail(d.log))")
    }
}
