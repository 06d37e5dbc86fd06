import ArgumentParser

/// Every subcommand, in help order. `run` lives in RunCommand.swift.
let hooklineSubcommands: [any ParsableCommand.Type] = [
    Run.self, CheckConfig.self, Scan.self, Report.self, CompilePatterns.self,
]
