import Foundation
import XCTest

/// Paths and process helpers shared by the live tests. Everything is found from
/// this file's location so a fresh clone on CI works without setup.
enum IT {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let scripts = testsDir.appendingPathComponent("Scripts")
    static let messages = testsDir.appendingPathComponent("Messages")
    static let workRoot = URL(fileURLWithPath: "/tmp/hookline-it")

    static let milterPort = 18899
    static let postfixPort = 10125
    static let sendmailPort = 10126

    static var hooklineBinary: String {
        if let b = ProcessInfo.processInfo.environment["HOOKLINE_BIN"], !b.isEmpty { return b }
        return repoRoot.appendingPathComponent(".build/debug/hookline").path
    }

    static func message(_ name: String) -> String { messages.appendingPathComponent(name).path }

    /// Live tests need root (MTA daemons, unshare) and apt. Elsewhere they are
    /// skipped, except on CI, where a skip would hide a broken pipeline.
    static func requireLiveEnvironment() throws {
        var problem: String?
        if getuid() != 0 {
            problem = "live MTA tests need root (Postfix master, Sendmail daemon)"
        } else if !FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") {
            problem = "live MTA tests need apt-get to install Postfix and Sendmail"
        } else if !FileManager.default.isExecutableFile(atPath: hooklineBinary) {
            problem = "hookline binary not found at \(hooklineBinary) (run `swift build` or set HOOKLINE_BIN)"
        }
        guard let problem else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("CI=true, refusing to skip: \(problem)")
            throw XCTSkip("failed above")
        }
        throw XCTSkip(problem)
    }

    struct Result { var status: Int32; var output: String }

    /// Runs a command to completion, stdout and stderr together.
    @discardableResult
    static func run(_ argv: [String], timeout: TimeInterval = 180) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        let out = workRoot.appendingPathComponent("cmd-\(UUID().uuidString).out")
        try FileManager.default.createDirectory(at: workRoot, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        defer { try? FileManager.default.removeItem(at: out) }
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            try? handle.close()
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            throw NSError(
                domain: "IT", code: 1,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "\(argv.joined(separator: " ")) timed out after \(Int(timeout)) s: \(text)"
                ])
        }
        try? handle.close()
        return Result(status: p.terminationStatus, output: (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    static func script(_ name: String, _ args: [String], timeout: TimeInterval = 240) throws -> Result {
        try run(["bash", scripts.appendingPathComponent(name).path] + args, timeout: timeout)
    }

    /// Sends one message over SMTP; `status` is 0 (2xx), 4, 5 or 1, `output` ends
    /// with the server's final reply.
    static func send(
        port: Int, _ file: String, rcpt: String = "user@hookline.test",
        sender: String = "sender@client.hookline.test"
    ) throws -> Result {
        try run(
            [
                "python3", scripts.appendingPathComponent("smtp_send.py").path,
                String(port), file, rcpt, sender,
            ], timeout: 120)
    }

    /// Polls until `condition` holds or the timeout passes.
    static func eventually(timeout: TimeInterval = 15, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        repeat {
            if condition() { return true }
            usleep(100_000)
        } while Date() < deadline
        return condition()
    }

    static func files(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    /// The header block of a stored message, with folded lines joined.
    static func headers(ofFile path: String) -> [(name: String, value: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var fields: [(String, String)] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t", var last = fields.popLast() {
                last.1 += " " + line.trimmingCharacters(in: .whitespaces)
                fields.append(last)
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return fields
    }

    static func values(_ name: String, in headers: [(name: String, value: String)]) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

/// A test config, written where the daemon reads it and rewritten for reloads.
struct TestConfig {
    var tag: Double? = 5.0
    var quarantine: Double? = 10.0
    var reject: Double? = nil
    var mode = "enforce"
    var subjectPrefix: String? = nil
    /// `user:` to drop privileges to, and the unix socket's mode.
    var user: String? = nil
    var socketMode = "0660"

    static let rejectText = "Callback phishing refused (hookline test)"

    var yaml: String {
        func t(_ v: Double?) -> String { v.map { String($0) } ?? "null" }
        var s = """
            listen: inet:\(IT.milterPort)@127.0.0.1
            mode: \(mode)
            on_error: accept
            actions:
              tag: \(t(tag))
              quarantine: \(t(quarantine))
              reject: \(t(reject))
            reject_text: "\(Self.rejectText)"
            headers:
              verdict: X-Hookline-Verdict
              on_accept: true

            """
        if let subjectPrefix { s += "  subject_prefix: \"\(subjectPrefix)\"\n" }
        if let user { s += "user: \(user)\n" }
        s += "socket_mode: \"\(socketMode)\"\n"
        s += """
            trusted_authserv_ids: [mx.hookline.test]
            rules:
              - \(IT.repoRoot.appendingPathComponent("Config/rules").path)/*.yaml

            """
        return s
    }

    func write(to path: String) throws {
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// `hookline run` as a child process, its stderr in a file the test can read.
final class MilterDaemonProcess {
    let process = Process()
    let logPath: String
    let configPath: String
    let listen: String

    init(configPath: String, logPath: String, listen: String = "inet:\(IT.milterPort)@127.0.0.1") {
        self.configPath = configPath
        self.logPath = logPath
        self.listen = listen
    }

    func start() throws {
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: IT.hooklineBinary)
        process.arguments = ["run", "--config", configPath, "--listen", listen]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        guard waitForLog("hookline started", timeout: 120) else {
            stop()
            throw NSError(
                domain: "IT", code: 2,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "hookline did not start; log:\n\(self.log)"
                ])
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func waitForLog(_ needle: String, count: Int = 1, timeout: TimeInterval = 90) -> Bool {
        func found() -> Bool { log.components(separatedBy: needle).count - 1 >= count }
        _ = IT.eventually(timeout: timeout) { found() || !process.isRunning }
        return found()
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// SIGTERM, then a bounded wait (libmilter's listener notices the stop within
    /// seconds), then SIGKILL. Returns the exit status, or nil if it had to be killed.
    @discardableResult
    func stop(timeout: TimeInterval = 20) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        signal(SIGTERM)
        if IT.eventually(timeout: timeout, { !process.isRunning }) {
            process.waitUntilExit()
            return process.terminationStatus
        }
        signal(SIGKILL)
        process.waitUntilExit()
        return nil
    }
}
