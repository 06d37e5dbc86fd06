import HooklineOCR
import ArgumentParser
import HooklineEngine
import HooklineLoader
import HooklineOffline

/// `hookline report`: detection quality over labelled mail, as numbers.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure recall and false positives over labelled directories (manifest.tsv with file and label columns).")

    @Option(name: .long, help: "Config file.") var config: String?
    @Option(name: .long, help: "How many misses and false alarms to list.") var list = 60
    @Option(
        name: .long,
        help: ArgumentHelp("Messages scanned at once (default: one per processor).", valueName: "N")) var jobs: Int?
    @Argument(help: "Directories containing manifest.tsv (searched recursively), or manifest files.") var paths: [String]

    func validate() throws { try OrderedWork.validate(jobs: jobs) }

    func run() throws {
        let engine = try loadEngineOrExit(config)
        let manifests = paths.flatMap(QualityReport.manifests(under:))
        guard !manifests.isEmpty else {
            printErr("hookline report: no manifest.tsv under \(paths.joined(separator: " "))")
            throw ExitCode(2)
        }
        let report = QualityReport.run(manifests: manifests, engine: engine, jobs: jobs ?? OrderedWork.defaultJobs)
        OCRPool.shared.stopIdle()  // the OCR children's CPU counts as ours
        print(report.text(listLimit: list), terminator: "")
    }
}
