import HooklineOCR
import ArgumentParser
import HooklineCore
import HooklineEngine
import HooklineLoader
import HooklineOffline
import HooklineDetect

/// `hookline scan`: the milter's detector, offline, on files.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the streaming detector on .eml files, directories (recursively) or - (stdin).")

    @Option(name: .long, help: "Config file.") var config: String?
    @Flag(name: .long, help: "One JSON object per message (docs/SPEC.md §2).") var json = false
    @Flag(name: .long, help: "Show every rule that fired, its score and its evidence.") var explain = false
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Envelope recipient, as RCPT TO gave it to the milter (repeatable).",
            valueName: "ADDR")) var rcpt: [String] = []
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Envelope sender, as MAIL FROM gave it (<> for bounces).",
            valueName: "ADDR")) var from: String?
    @Option(name: .long, help: ArgumentHelp("Client IP address the MTA reported.", valueName: "IP")) var client: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Client HELO name (kept in the envelope; the daemon asks the MTA for no HELO and no rule reads it yet).",
            valueName: "NAME")) var helo: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Messages scanned at once (default: one per processor); the output keeps the files' order.",
            valueName: "N")) var jobs: Int?
    @Argument(help: "Files, directories or -.") var paths: [String]

    func validate() throws { try OrderedWork.validate(jobs: jobs) }

    func run() throws {
        let engine = try loadEngineOrExit(config)
        // The daemon's envelope for every file named: without it the scan falls back on
        // Delivered-To/Received and Return-Path, which a queue file may not carry.
        let envelope = FileScan.envelope(rcpt: rcpt, from: from, client: client, helo: helo)
        var failed = false
        let files = FileScan.expand(paths)
        OrderedWork.run(
            count: files.count, jobs: jobs ?? OrderedWork.defaultJobs,
            work: { FileScan.scan(path: files[$0], engine: engine, envelope: envelope) }
        ) { i, result in
            let file = files[i]
            switch result {
            case .success(let o):
                if json {
                    print(
                        VerdictJSON.line(
                            file: file, verdict: o.verdict, decision: o.decision,
                            elapsedMicros: o.elapsedMicros))
                } else if let cause = o.decision.failureCause {
                    print("\(file): \(o.decision.word) (on_error: \(cause)); \(o.verdict.headerValue)")
                } else {
                    print("\(file): \(o.verdict.headerValue)")
                }
                if explain { print(Explanation.text(o.verdict), terminator: "") }
            case .failure(let f):
                failed = true
                if json {
                    print(VerdictJSON.error(file: file, message: f.description))
                } else {
                    printErr("\(file): error: \(f.description)")
                }
            }
        }
        OCRPool.shared.stopIdle()
        if failed { throw ExitCode(1) }
    }
}

/// Human-readable reasons for a verdict, for administrators tuning rules.
enum Explanation {
    static func text(_ v: Verdict) -> String {
        var s =
            "  action \(v.action.rawValue)" + (v.wouldBe.map { " (monitor mode; enforce would \($0.rawValue))" } ?? "")
            + ", score \(String(format: "%.1f", v.score)), platform \(v.platform ?? "none")\n"
        for r in v.rules {
            s += "  \(String(format: "%+6.1f", r.score))  \(r.id) [\(r.group)]: \(r.description)\n"
            for e in r.evidence { s += "           · \(e)\n" }
        }
        // Each rule above shows its own score; a capped group counts for less than their sum.
        for g in v.cappedGroups {
            let bound = g.counted == g.maxScore ? "max_score" : "min_score"
            s +=
                "  group \(g.group): rules add up to \(String(format: "%+.1f", g.sum)), "
                + "counted as \(String(format: "%+.1f", g.counted)) (\(bound))\n"
        }
        for p in v.phoneFindings {
            s +=
                "  phone \(p.e164) (\(p.type.rawValue), \(p.region)) in \(p.views.map(\.rawValue).sorted().joined(separator: ",")) as \"\(p.evidence)\"\n"
        }
        if !v.ocrMillis.isEmpty {
            s += "  images read by OCR: \(v.ocrMillis.count) (\(v.ocrMillis.map { "\($0) ms" }.joined(separator: ", ")))\n"
        }
        for text in v.imageTexts {
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            s += "  image text: \"\(flat.prefix(240))\(flat.count > 240 ? "…" : "")\"\n"
        }
        if !v.forwarding.isEmpty { s += "  forwarded: \(v.forwarding.joined(separator: ", "))\n" }
        if !v.anomalies.isEmpty { s += "  anomalies: \(v.anomalies.map(\.rawValue).sorted().joined(separator: ", "))\n" }
        return s
    }
}
