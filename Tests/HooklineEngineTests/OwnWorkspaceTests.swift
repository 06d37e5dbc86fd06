import XCTest
@testable import HooklineEngine

/// `own_workspace` asks the site's names before the recipients' organisations, and reads
/// the recipients' domains on bytes: the same answer as the reference on generated
/// recipients (mixed case, hyphens, two-level suffixes, IDN, letters outside ASCII, odd
/// "@"s, empty and very long) and tenant names built from them or not.
final class OwnWorkspaceTests: XCTestCase {
    static let locals = ["ops", "A.B", "", "x@y", "Ünïcode", "r\r\n"]
    static let labels = [
        "silvergate-insurance", "harbourline", "NorthBeam", "northbeampay", "xn--bcher-kva", "bücher", "co", "uk", "com",
        "a", "brightwave", "brightwaveanalytics", "cedar-finch", "north-beam-pay", "k-9", "", "Straße", "pine-cone", "e\u{301}cole",
    ]
    static let tails = ["com", "co.uk", "com.br", "de", "", "net.", ".", "ΕΛ"]

    func testWorkspaceAnswersAsTheReference() {
        var rng = SplitMix64(seed: 0x0A_57_0A_CE)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        var checked = 0, found = 0
        for _ in 0..<20_000 {
            var recipients: [String] = []
            for _ in 0..<Int(rng.next() % 4) {
                var host = pick(Self.labels)
                if rng.next() % 3 == 0 { host = pick(Self.labels) + "." + host }
                let tail = pick(Self.tails)
                var r = pick(Self.locals) + "@" + host + (tail.isEmpty ? "" : "." + tail)
                if rng.next() % 5 == 0 { r = r.uppercased() }
                if rng.next() % 13 == 0 { r += "@" }
                recipients.append(r)
            }
            var tenants: [String] = []
            for _ in 0..<Int(rng.next() % 4) {
                var t = MessageFeatures.squashOfScalars(pick(Self.labels))
                if rng.next() % 3 == 0 { t += pick(["pay", "x", "analytics", "", "supportdesk"]) }
                if rng.next() % 4 == 0 { t = String(t.prefix(Int(rng.next() % 8))) }
                tenants.append(t)
            }
            let want = OwnWorkspaceReference.workspace(tenants, recipients: recipients)
            let got = tenants.isEmpty ? nil : MessageFeatures.workspace(tenants, recipients: recipients)
            XCTAssertEqual(got, want, "\(tenants) \(recipients.map(\.debugDescription))")
            checked += 1
            if want != nil { found += 1 }
        }
        let long = String(repeating: "a", count: 50_000)
        for r in ["x@" + long + ".com", long, "@", "", "@@", "a@b@c.co.uk"] {
            XCTAssertEqual(
                MessageFeatures.workspace([long, "aaaa"], recipients: [r]),
                OwnWorkspaceReference.workspace([long, "aaaa"], recipients: [r]))
        }
        XCTAssertGreaterThan(checked, 19_000)
        XCTAssertGreaterThan(found, 1_000)
    }
}
