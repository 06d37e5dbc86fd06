import ArgumentParser
import Foundation
import HooklineDetect

/// `hookline compile-patterns` (hidden): the daemon's pattern compiler, run as a child so
/// the compiler's heap dies with it. Reads a request on stdin, writes the serialised
/// database on stdout; not for people (PatternCompiler.child).
struct CompilePatterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: PatternCompiler.childSubcommand, abstract: "Internal: compile patterns for the daemon.",
        shouldDisplay: false)

    func run() throws {
        let request = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        guard let answer = PatternCompiler.serve(request) else { throw ExitCode(2) }
        FileHandle.standardOutput.write(Data(answer))
    }
}
