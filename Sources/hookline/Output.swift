import Foundation

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Loads the config for an offline command, or exits 1 with the diagnostics.
import HooklineDetect
import HooklineEngine
import HooklineLoader
import HooklineOffline
import ArgumentParser

func loadEngineOrExit(_ explicit: String?) throws -> Engine {
    guard let path = ConfigLoader.locate(explicit: explicit) else {
        printErr("hookline: no config file found (tried $HOOKLINE_CONFIG, \(ConfigLoader.defaultPaths.joined(separator: ", ")))")
        throw ExitCode(2)
    }
    // The compiled patterns come from the user's cache when the rules have not changed:
    // compiling them is ~2.3 s, as long as scanning the whole test corpus.
    switch ConfigLoader.load(path: path, compiler: .offline) {
    case .success(let e): return e
    case .failure(let f):
        for d in f.diagnostics { printErr(d.description) }
        throw ExitCode(2)
    }
}
