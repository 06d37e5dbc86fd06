import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline
import HooklineCore

/// The compiled condition program answers as the `Condition` trees it was built from:
/// every rule of the shipped Config/, over the fixture messages and generated ones that
/// mix the rules' own ingredients (platform senders and their signatures, look-alikes,
/// lexicon phrases in subject and body, phones, lists, forwarding), compared on the whole
/// verdict (rules with their evidence in order, score, action).
final class ConditionProgramTests: XCTestCase {
    func shipped() throws -> (flat: Engine, tree: Engine) {
        let flat: Engine
        switch MessageScanTests.shippedLoad {
        case .success(let e): flat = e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")
        }
        return (flat, Engine(config: flat.config, rules: flat.rules, evaluatesConditionTrees: true))
    }

    func testTheProgramHoldsEveryNodeOfEveryRule() throws {
        let rules = try shipped().flat.rules
        func count(_ c: Condition) -> Int {
            switch c {
            case let .all(cs), let .any(cs): return 1 + cs.map(count).reduce(0, +)
            case let .not(x), let .named(_, x): return 1 + count(x)
            default: return 1
            }
        }
        XCTAssertGreaterThan(rules.rules.count, 40)
        XCTAssertEqual(rules.program.roots.count, rules.rules.count)
        XCTAssertEqual(rules.program.nodes.count, rules.rules.map { count($0.condition) }.reduce(0, +))
        for (r, root) in rules.program.roots.enumerated() {
            XCTAssertEqual(rules.program.nodes[root].next - root, count(rules.rules[r].condition), rules.rules[r].id)
        }
    }

    func compare(_ message: [UInt8], _ engines: (flat: Engine, tree: Engine), _ name: String) -> Int {
        var envelope = Envelope()
        if message.count % 3 == 0 { envelope.rcptTo = ["alice@corp.example"] }
        let a = FileScan.scan(bytes: message, engine: engines.flat, envelope: envelope, chunkSize: 4096)
        let b = FileScan.scan(bytes: message, engine: engines.tree, envelope: envelope, chunkSize: 4096)
        XCTAssertEqual(a.rules, b.rules, name)
        XCTAssertEqual(a.score, b.score, name)
        XCTAssertEqual(a.action, b.action, name)
        return a.rules.count
    }

    func testFixtureMessagesGetTheSameVerdict() throws {
        let engines = try shipped()
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }.sorted()
        XCTAssertGreaterThan(names.count, 20)
        var hits = 0
        for name in names {
            hits += compare(Array(try Data(contentsOf: dir.appendingPathComponent(name))), engines, name)
        }
        XCTAssertGreaterThan(hits, 20)
    }

    func testGeneratedMessagesGetTheSameVerdict() throws {
        let engines = try shipped()
        let rules = engines.flat.rules
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return n <= 0 ? 0 : Int(state >> 33) % n
        }
        func pick<T>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs[next(xs.count)] }
        // Lexicon phrases of every lexicon (platform labels and customer-text ends included).
        let phrases = rules.lexicons.flatMap { $0.phrases.prefix(3).map(\.text) }
        let senders = rules.platforms.flatMap { p in
            p.senders.map { $0.hasPrefix("@") ? "notice" + $0 : $0 }
        }
        let signers = rules.platforms.flatMap(\.authDomains)
        let strangers = [
            "billing@secure-paypa1-billing.com", "jane@gmail.com", "it@corp.example", "ops-list@corp.example",
            "azure-noreply=microsoft.com@groups.io", "help@micros0ft-support.net", "news@firstharborbank.com",
        ]
        let phones = ["+1 (864) 347-2494", "1-800-555-0199", "+44 20 7946 0958", "call 888 555 0142", "01 86 76 12 34"]
        let names = ["Microsoft Azure", "PayPal", "First Harbor Bank", "Billing Department via Alerts", "Jane Doe", "さくら"]
        var hits = 0
        for i in 0..<400 {
            let from = next(3) == 0 ? pick(strangers) ?? "" : pick(senders) ?? ""
            let fromDomain = from.split(separator: "@").last.map(String.init) ?? ""
            var m = "Delivered-To: alice@corp.example\r\n"
            switch next(4) {
            case 0:
                m +=
                    "Authentication-Results: mx1.corp.example; dkim=pass header.d=\(pick(signers) ?? ""); dmarc=pass header.from=\(fromDomain)\r\n"
            case 1:
                m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=\(fromDomain); dmarc=pass header.from=\(fromDomain)\r\n"
            case 2: m += "Authentication-Results: mx1.corp.example; dmarc=fail header.from=\(fromDomain)\r\n"
            default: break
            }
            m += "From: \(pick(names) ?? "") <\(from)>\r\n"
            m += "To: \(next(2) == 0 ? "ops-list@corp.example" : "victim@elsewhere.example")\r\n"
            if next(4) == 0 { m += "Sender: \(pick(senders) ?? "")\r\n" }
            if next(4) == 0 { m += "Reply-To: \(pick(strangers) ?? "")\r\n" }
            if next(5) == 0 { m += "List-Id: <alerts.\(next(2) == 0 ? "corp.example" : "groups.io")>\r\n" }
            if next(6) == 0 { m += "Resent-From: x@y.example\r\n" }
            m += "Subject: \((0..<next(3)).compactMap { _ in pick(phrases) }.joined(separator: " "))\r\n"
            m += "Message-ID: <\(i)@gen.example>\r\n"
            var body: [String] = []
            for _ in 0..<(1 + next(8)) {
                body.append(pick(phrases) ?? "")
                if next(3) == 0 { body.append(pick(phones) ?? "") }
                if next(4) == 0 { body.append("Lorem ipsum dolor sit amet, consectetur.") }
            }
            if next(2) == 0 {
                m +=
                    "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>" + body.joined(separator: "</p><p>")
                    + "</p></body></html>\r\n"
            } else {
                m += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.joined(separator: next(2) == 0 ? "\r\n" : " ") + "\r\n"
            }
            hits += compare(Array(m.utf8), engines, "generated \(i):\n\(m)")
        }
        // The generator must reach the rules, or the comparison says little.
        XCTAssertGreaterThan(hits, 400)
    }
}
