import XCTest
import HooklineCore
@testable import HooklineText

/// Header names read on their bytes (`HeaderFeatures.add(asciiName:value:limits:)`,
/// `OwnHeaderNames.isOurs(asciiBytes:)`, as `scan` does since its splitter hands names over as
/// bytes) against the String way they replace (`String(decoding:as:)` of the bytes, as the
/// splitter made it), on generated names: mixed case, kept and Resent- names, controls,
/// blanks, colons, DEL, 8-bit and invalid UTF-8, empty names, and past the header limit.
final class HeaderNameBytesTests: XCTestCase {
    static let namePieces: [[UInt8]] = [
        Array("From".utf8), Array("SUBJECT".utf8), Array("x-Kept".utf8), Array("Resent-".utf8), Array("To".utf8),
        Array("Authentication-Results".utf8), Array("dkim-signature".utf8), Array("List-Id".utf8), Array("Received".utf8),
        Array("Content-Type".utf8), Array("X-Hookline-".utf8), Array("x-hookline-verdict".utf8), Array("-".utf8),
        Array("a".utf8), Array("Z".utf8), Array(" ".utf8), Array("\t".utf8), Array(":".utf8), [0x00], [0x7F], [0x80],
        [0xC3, 0xA9], [0xE2, 0x84, 0xAA], [0xFF], Array("Delivered-To".utf8), Array("Cc".utf8), Array("Sender".utf8),
    ]

    static func name(_ rng: inout SplitMix64) -> [UInt8] {
        var n: [UInt8] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) { n += namePieces.randomElement(using: &rng) ?? [] }
        return n
    }

    /// Everything `HeaderFeatures` holds that a rule or output reads, as one string.
    static func summary(_ f: HeaderFeatures) -> String {
        "\(f.from as Any)|\(f.sender as Any)|\(f.originalFrom as Any)|\(f.originalSender as Any)|\(f.replyTo as Any)|"
            + "\(f.to)|\(f.cc)|\(f.returnPath as Any)|\(f.subject)|\(f.listId as Any)|\(f.xOriginalTo as Any)|"
            + "\(f.deliveredTo as Any)|\(f.receivedFor as Any)|\(f.hasResentHeaders)|\(f.hasMailingListHeaders)|"
            + "\(f.authenticationResults)|\(f.dkimDomains)|\(f.messageId as Any)|\(f.headerCount)|"
            + "\(f.anomalies.map(\.rawValue).sorted())|\(f.all)"
    }

    /// What the MIME parser is handed, anomalies sorted (a Set's order is its instance's).
    static func describe(_ read: TopFieldRead?) -> String {
        guard let read else { return "nil" }
        switch read {
        case .unused: return "unused"
        case .subject(let s, let found): return "subject \(s) \(found.map(\.rawValue).sorted())"
        case .mailboxes(let boxes, let found): return "mailboxes \(boxes) \(found.map(\.rawValue).sorted())"
        case .contentType: return "content-type"
        case .contentTransferEncoding: return "content-transfer-encoding"
        case .contentDisposition: return "content-disposition"
        }
    }

    func testNamesReadOnTheirBytesAnswerAsTheirStrings() {
        var rng = SplitMix64(state: 2_812_07)
        var viaBytes = 0
        var fallbacks = 0
        for round in 0..<1500 {
            var limits = Limits()
            limits.maxHeaders = Int.random(in: 3...40, using: &rng)
            let kept: Set<String>? = Bool.random(using: &rng) ? nil : ["x-kept", "list-id", "received", "subject"]
            var slow = HeaderFeatures()
            var fast = HeaderFeatures()
            slow.keptNames = kept
            fast.keptNames = kept
            var reads: [(String, String)] = []
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                let name = Self.name(&rng)
                let value = HeaderReferenceTests.value(&rng)
                let string = String(decoding: name, as: UTF8.self)
                value.withUnsafeBytes { v in
                    let a = slow.add(name: string, value: v, limits: limits)
                    let b: TopFieldRead?
                    if let read = name.withUnsafeBytes({ fast.add(asciiName: $0, value: v, limits: limits) }) {
                        viaBytes += 1
                        b = read
                    } else {
                        fallbacks += 1
                        XCTAssertTrue(name.contains { $0 >= 0x80 }, "round \(round): \(name)")
                        b = fast.add(name: string, value: v, limits: limits)
                    }
                    reads.append((Self.describe(a), Self.describe(b)))
                }
            }
            for (a, b) in reads { XCTAssertEqual(a, b, "round \(round)") }
            XCTAssertEqual(Self.summary(slow), Self.summary(fast), "round \(round)")
        }
        XCTAssertGreaterThan(viaBytes, 10_000)
        XCTAssertGreaterThan(fallbacks, 1_000)
    }

    func testOwnNamesOnTheirBytesAnswerAsTheirStrings() {
        var rng = SplitMix64(state: 2_812_08)
        let own = OwnHeaderNames(verdictHeader: "X-Spam-Verdict")
        var asked = 0
        for round in 0..<20_000 {
            var name = Self.name(&rng)
            if Bool.random(using: &rng) { name = Array("x-SPAM-verdict".utf8) + name.prefix(Int.random(in: 0...1, using: &rng)) }
            let string = String(decoding: name, as: UTF8.self)
            guard let answer = name.withUnsafeBytes({ own.isOurs(asciiBytes: $0) }) else {
                XCTAssertTrue(name.contains { $0 >= 0x80 }, "round \(round): \(name)")
                continue
            }
            asked += 1
            XCTAssertEqual(answer, own.isOurs(string), "round \(round): \(name)")
        }
        XCTAssertGreaterThan(asked, 10_000)
    }
}
