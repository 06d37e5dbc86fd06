import Foundation
import HooklineEngine

/// Measures detection over a labelled directory: the corpus format of
/// `manifest.tsv` (tab-separated, a header line, `file` and `label` columns,
/// optional `platform`, `technique`, `note`/`reason`). Labels: `toad` must be
/// flagged (tag or more), `ham` must be left alone, anything else (e.g. `other`
/// phishing) is reported but counts against neither.
public struct QualityReport {
    public struct Entry {
        public var file: String
        public var label: String
        public var platform: String
        public var techniques: [String]
        /// E.164 numbers the manifest says the message carries.
        public var expectedPhones: [String]
        /// The manifest lists every number the message carries (a `phones` column), so a
        /// number found beyond those is one the scanner made up.
        public var phonesListed = false
        public var verdict: Verdict?
        public var error: String?
        public var flagged: Bool { (verdict?.action ?? .accept) > .accept }
        /// Some rule with a positive score fired, whatever the total: the stricter reading
        /// of "left alone" (accepted, and no callback rule firing at all).
        public var anyRuleFired: Bool { verdict?.rules.contains { $0.score > 0 } ?? false }
        public var phonesFound: [String] { verdict?.phones ?? [] }
    }

    public var entries: [Entry] = []
    public var seconds: Double = 0
    public var bytes: Int = 0

    /// Reads every `manifest.tsv` at or below `directory`.
    public static func manifests(under directory: String) -> [String] {
        if directory.hasSuffix(".tsv") { return [directory] }
        var out: [String] = []
        if let e = FileManager.default.enumerator(atPath: directory) {
            for case let rel as String in e where (rel as NSString).lastPathComponent == "manifest.tsv" {
                out.append((directory as NSString).appendingPathComponent(rel))
            }
        }
        return out.sorted()
    }

    public static func run(manifests: [String], engine: Engine, jobs: Int = 1) -> QualityReport {
        var report = QualityReport()
        let start = Date()
        for manifest in manifests {
            guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { continue }
            let base = (manifest as NSString).deletingLastPathComponent
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard !lines.isEmpty else { continue }
            let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func col(_ name: String, _ row: [String]) -> String {
                guard let i = header.firstIndex(of: name), i < row.count else { return "" }
                return row[i]
            }
            for line in lines {
                let row = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let rel = col("file", row)
                guard !rel.isEmpty else { continue }
                let note = col("note", row) + " " + col("reason", row)
                var entry = Entry(
                    file: (base as NSString).appendingPathComponent(rel), label: col("label", row),
                    platform: col("platform", row).isEmpty ? "-" : col("platform", row),
                    techniques: col("technique", row).split(separator: "+").map(String.init),
                    expectedPhones: phones(in: note + " " + col("phones", row)))
                entry.phonesListed = header.contains("phones")
                report.entries.append(entry)
            }
        }
        let files = report.entries.map(\.file)
        OrderedWork.run(count: files.count, jobs: jobs, work: { FileScan.scan(path: files[$0], engine: engine) }) {
            i, result in
            switch result {
            case .success(let o):
                report.entries[i].verdict = o.verdict
                report.bytes += o.verdict.bytes
            case .failure(let f): report.entries[i].error = f.description
            }
        }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// `+E164` numbers in a manifest note (`phones=+1...,+1...` or free text).
    static func phones(in note: String) -> [String] {
        var out: [String] = []
        var cur = ""
        for ch in note + " " {
            if ch == "+" {
                cur = "+"
            } else if !cur.isEmpty && ch.isASCII && ch.isNumber {
                cur.append(ch)
            } else {
                if cur.count >= 8 && !out.contains(cur) { out.append(cur) }
                cur = ""
            }
        }
        return out
    }

    // MARK: summary

    public func text(listLimit: Int = 60) -> String {
        var s = ""
        let labels = Dictionary(grouping: entries, by: \.label)
        let toad = labels["toad"] ?? [], ham = labels["ham"] ?? []
        let errors = entries.filter { $0.error != nil }
        s += "messages: \(entries.count) (" + labels.keys.sorted().map { "\($0) \(labels[$0]?.count ?? 0)" }.joined(separator: ", ")
        s += "), \(String(format: "%.1f", Double(bytes) / 1_048_576)) MB in \(String(format: "%.1f", seconds)) s\n"
        s += "toad recall (tag or more): \(ratio(toad.filter(\.flagged).count, toad.count))"
        s +=
            "  [quarantine \(toad.filter { $0.verdict?.action == .quarantine }.count), tag \(toad.filter { $0.verdict?.action == .tag }.count), reject \(toad.filter { $0.verdict?.action == .reject }.count)]\n"
        s += "ham touched (false positives): \(ratio(ham.filter(\.flagged).count, ham.count))"
        s += "  [quarantined \(ham.filter { ($0.verdict?.action ?? .accept) >= .quarantine }.count)]\n"
        s += "ham accepted but with some rule firing: \(ratio(ham.filter { !$0.flagged && $0.anyRuleFired }.count, ham.count))\n"
        for (label, group) in labels.sorted(by: { $0.key < $1.key }) where label != "toad" && label != "ham" {
            s += "\(label) flagged: \(ratio(group.filter(\.flagged).count, group.count))\n"
        }
        if !errors.isEmpty { s += "unreadable: \(errors.count)\n" }

        let withPhones = entries.filter { !$0.expectedPhones.isEmpty && $0.error == nil }
        if !withPhones.isEmpty {
            let all = withPhones.filter { e in e.expectedPhones.allSatisfy(e.phonesFound.contains) }
            s += "phone extraction (messages whose labelled numbers were all found): \(ratio(all.count, withPhones.count))\n"
            let toadWith = withPhones.filter { $0.label == "toad" }
            let toadAll = toadWith.filter { e in e.expectedPhones.allSatisfy(e.phonesFound.contains) }
            s += "  toad whose callback numbers were all found: \(ratio(toadAll.count, toadWith.count))\n"
        }
        let listed = ham.filter { $0.phonesListed && $0.error == nil }
        if !listed.isEmpty {
            let spurious = listed.filter { e in e.phonesFound.contains { !e.expectedPhones.contains($0) } }
            s += "ham with a number found that is not there: \(ratio(spurious.count, listed.count))\n"
            for e in spurious.prefix(listLimit) {
                let extra = e.phonesFound.filter { !e.expectedPhones.contains($0) }
                s += "  \((e.file as NSString).lastPathComponent): \(extra.joined(separator: ","))\n"
            }
        }

        let platforms = Set(entries.map(\.platform)).sorted()
        if platforms.count > 1 {
            s += "\nper platform            toad flagged        ham touched\n"
            for p in platforms {
                let t = toad.filter { $0.platform == p }, h = ham.filter { $0.platform == p }
                s += pad(p, 22) + "  " + pad(t.isEmpty ? "-" : ratio(t.filter(\.flagged).count, t.count), 18)
                s += "  " + (h.isEmpty ? "-" : ratio(h.filter(\.flagged).count, h.count)) + "\n"
            }
        }
        let techniques = Set(toad.flatMap(\.techniques)).sorted()
        if !techniques.isEmpty {
            s += "\nper technique (toad)    flagged             phones found\n"
            for t in techniques {
                let g = toad.filter { $0.techniques.contains(t) }
                let gp = g.filter { !$0.expectedPhones.isEmpty }
                let found = gp.filter { e in e.expectedPhones.allSatisfy(e.phonesFound.contains) }
                s += pad(t, 22) + "  " + pad(ratio(g.filter(\.flagged).count, g.count), 18) + "  " + ratio(found.count, gp.count) + "\n"
            }
        }
        let phoneMisses = withPhones.filter { e in !e.expectedPhones.allSatisfy(e.phonesFound.contains) }
        if !phoneMisses.isEmpty {
            s += "\nphone misses: \(phoneMisses.count)\n"
            for e in phoneMisses.prefix(listLimit) { s += "  " + line(e) + "\n" }
        }
        let misses = toad.filter { !$0.flagged }
        if !misses.isEmpty {
            s += "\nmisses (toad accepted): \(misses.count)\n"
            for e in misses.prefix(listLimit) { s += "  " + line(e) + "\n" }
        }
        let alarms = ham.filter(\.flagged)
        if !alarms.isEmpty {
            s += "\nfalse alarms (ham touched): \(alarms.count)\n"
            for e in alarms.prefix(listLimit) { s += "  " + line(e) + "\n" }
        }
        for e in errors.prefix(listLimit) { s += "  error \(e.file): \(e.error ?? "")\n" }
        return s
    }

    private func line(_ e: Entry) -> String {
        let v = e.verdict
        var s = "\((e.file as NSString).lastPathComponent) [\(e.platform); \(e.techniques.joined(separator: "+"))] "
        s += "\(v?.action.rawValue ?? "error") \(String(format: "%.1f", v?.score ?? 0))"
        if let v, !v.rules.isEmpty { s += " " + v.rules.map { "\($0.id)(\(String(format: "%.1f", $0.score)))" }.joined(separator: ",") }
        let missing = e.expectedPhones.filter { !e.phonesFound.contains($0) }
        if !missing.isEmpty { s += " phones-missed=" + missing.joined(separator: ",") }
        if let v, !v.phones.isEmpty { s += " phones=" + v.phones.prefix(4).joined(separator: ",") }
        return s
    }

    private func ratio(_ a: Int, _ b: Int) -> String {
        b == 0 ? "0/0" : "\(a)/\(b) = \(String(format: "%.1f", 100 * Double(a) / Double(b)))%"
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
