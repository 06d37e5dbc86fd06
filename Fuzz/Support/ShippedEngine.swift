// Shared by the harnesses that need the real rules (analyzer, scan).
import Foundation
import HooklineEngine
import HooklineLoader
import HooklineOCREngine

/// The shipped config and rules, loaded once per process. `scripts/fuzz.sh` sets
/// HOOKLINE_FUZZ_CONFIG to the repository's Config/hookline.yaml.
let shippedEngine: Engine = {
    // Images are read in this process (no hookline-ocr child): the fuzzer sees the decoders.
    OCRInProcess.use()
    let path = ProcessInfo.processInfo.environment["HOOKLINE_FUZZ_CONFIG"] ?? "Config/hookline.yaml"
    switch ConfigLoader.load(path: path) {
    case .success(let engine):
        return engine
    case .failure(let f):
        for d in f.diagnostics { FileHandle.standardError.write(Data("\(d)\n".utf8)) }
        fatalError("fuzz harness: cannot load \(path); set HOOKLINE_FUZZ_CONFIG")
    }
}()
