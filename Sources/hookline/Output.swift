import Foundation

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Loads the config for an offline command, or exits 1 with the diagnostics.
import HooklineEngine
import HooklineLoader
import HooklineOffline
import ArgumentParser

func loadEngineOrExit(_ explicit: String?) throws -> Engine {
    guard let path = ConfigLoader.locate(explicit: explicit) else {
        printErr("hookline: no config file found (tried $HOOKLINE_CONFIG, \(ConfigLoader.defaultPaths.joined(separator: ", ")))")
        throw ExitCode(2)
    }
    switch ConfigLoader.load(path: path) {
    case .success(let e): return e
    case .failure(let f):
        for d in f.diagnostics { printErr(d.description) }
        throw ExitCode(2)
    }
}
