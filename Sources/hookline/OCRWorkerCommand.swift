import ArgumentParser
import HooklineOCR

/// `hookline ocr-worker` (hidden): one of the daemon's OCR processes. Reads images from
/// the socket on stdin and answers on it until the daemon closes it; not for people
/// (OCRPool, OCRChild).
struct OCRWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: OCRWorker.subcommand, abstract: "Internal: read images for the daemon.",
        shouldDisplay: false)

    func run() throws {
        OCRWorker.serve(fd: 0)
    }
}
