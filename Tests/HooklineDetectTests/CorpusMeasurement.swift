import Foundation
import HooklineCore
import XCTest
@testable import HooklineDetect

/// Measures phone extraction against labelled text, never asserts. Opt-in: point
/// HOOKLINE_CORPUS_TEXT at a folder with `index.tsv` (id, label, tag, expected E.164s, source)
/// and `txt/<id>.txt` (views as `name \u{1E} text \u{1F}`), extracted from the corpus outside the repo.
final class CorpusMeasurement: XCTestCase {
    func testPhoneExtraction() throws {
        guard let dir = ProcessInfo.processInfo.environment["HOOKLINE_CORPUS_TEXT"] else {
            throw XCTSkip("set HOOKLINE_CORPUS_TEXT to measure")
        }
        let index = try String(contentsOfFile: dir + "/index.tsv", encoding: .utf8)
        var truePositives = 0, falseNegatives = 0, falsePositives = 0, unlabeled = 0
        var report: [String] = []
        for line in index.split(separator: "\n") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 5 else { continue }
            let text = try String(contentsOfFile: "\(dir)/txt/\(cols[0]).txt", encoding: .utf8)
            let views = text.split(separator: "\u{1F}").compactMap { record -> (TextView, [[UInt8]])? in
                let parts = record.split(separator: "\u{1E}", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { return nil }
                return (TextView(rawValue: String(parts[0])) ?? .plain, [Array(parts[1].utf8)])
            }
            let found = Set(analyze(views).phones.map(\.e164))
            if cols[2] == "realham" {
                unlabeled += found.count
                if !found.isEmpty { report.append("HAM-PHONES \(cols[4]) \(found.sorted())") }
                continue
            }
            let expected = Set(cols[3].split(separator: ",").map(String.init))
            truePositives += found.intersection(expected).count
            let missed = expected.subtracting(found), extra = found.subtracting(expected)
            falseNegatives += missed.count
            falsePositives += extra.count
            if !missed.isEmpty || !extra.isEmpty {
                report.append("MISMATCH \(cols[1]) \(cols[2]) \(cols[4]) missed=\(missed.sorted()) extra=\(extra.sorted())")
            }
        }
        report.forEach { print($0) }
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        print(
            "CORPUS phones: tp=\(truePositives) fn=\(falseNegatives) fp=\(falsePositives) "
                + "recall=\(String(format: "%.3f", recall)) precision=\(String(format: "%.3f", precision)) "
                + "phones-in-unlabelled-real-ham=\(unlabeled)")
    }
}
