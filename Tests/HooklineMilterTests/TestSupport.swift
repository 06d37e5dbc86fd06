import Foundation
import XCTest
import HooklineEngine
import HooklineLoader

/// Paths and engines shared by the handler tests, found from this file's location.
enum MT {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The live tests' messages: the same bytes the MTA tests send.
    static func message(_ name: String) throws -> [UInt8] {
        let url = repoRoot.appendingPathComponent("Tests/HooklineIntegrationTests/Messages").appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    /// The shipped config compiles once per test target (a Vectorscan compile costs seconds);
    /// the Engine is immutable, so every test can share it.
    static let shippedLoad = ConfigLoader.load(path: repoRoot.appendingPathComponent("Config/hookline.yaml").path)

    static func shippedEngine() throws -> Engine {
        switch shippedLoad {
        case .success(let e): return e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")
        }
    }
}
