import ArgumentParser
import Glibc
import HooklineCore

// OCR runs in `hookline-ocr` children (HooklineOCR's OCRPool), started with OMP_THREAD_LIMIT
// set for Tesseract (OCRChild): nothing here links libgomp.

/// `hookline`: one executable for the daemon and the offline tools (docs/SPEC.md §2).
struct Hookline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hookline",
        abstract: "A milter that stops callback phishing (TOAD) while mail is in flight.",
        version: HooklineVersion.string,
        subcommands: hooklineSubcommands
    )
}

Hookline.main()
