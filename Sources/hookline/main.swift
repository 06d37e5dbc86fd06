import ArgumentParser
import Glibc
import HooklineCore

// Debian's Tesseract runs parts of recognition on OpenMP teams sized by the library
// itself; each team spins on every core, which doubles the CPU an image costs and defeats
// `ocr.workers` (measured: 4.9 s user + 1.7 s sys against 2.2 s + 0.03 s for the same 16
// images). libgomp reads OMP_THREAD_LIMIT only when it is loaded, before any of our code,
// so the one way to set it is before the process starts: set it and start again, once,
// before any thread exists (the systemd unit sets it, so the daemon never needs this).
if getenv("OMP_THREAD_LIMIT") == nil {
    setenv("OMP_THREAD_LIMIT", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // exec failed: carry on with OpenMP's defaults, slower but correct.
}

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
