import ArgumentParser
import HooklineCore
import HooklineEngine
import HooklineLoader
import HooklineOffline

/// `hookline check-config`: the same loader `run` and reload use, so a config
/// that passes here is one the daemon accepts.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the config and every rule file it includes.")

    @Option(name: .long, help: "Config file (default: $HOOKLINE_CONFIG, /etc/hookline/hookline.yaml, ./Config/hookline.yaml).")
    var config: String?

    func run() throws {
        guard let path = ConfigLoader.locate(explicit: config) else {
            printErr("hookline: no config file found (tried $HOOKLINE_CONFIG, \(ConfigLoader.defaultPaths.joined(separator: ", ")))")
            throw ExitCode(1)
        }
        switch ConfigLoader.load(path: path) {
        case .success(let engine):
            print(
                "\(path): OK: \(engine.summary); listen \(engine.config.listen), mode \(engine.config.mode.rawValue)"
                    + (engine.config.metricsListen.map { ", metrics \($0)" } ?? ""))
        case .failure(let failure):
            for d in failure.diagnostics { print(d.description) }
            throw ExitCode(1)
        }
    }
}
