import HooklineCore
import XCTest

@testable import HooklineDetect

/// The phone scanner ranks the regions national numbers are read in only when it is about to
/// read one (``PhoneScanner/rankRegions(_:)``), and the message's end ranks them only for the
/// numbers held; the analyzer ranked after every slice that changed the evidence, and at every
/// end. Whatever the text, its chunks and the addresses' hints, the findings must be the same
/// as with the old eager ranking (`eagerRanking`, kept for this test).
final class LazyRankingTests: XCTestCase {
    /// Sentences that vote for a language (function words) or name a currency, so the ranking
    /// changes as the text goes on; national numbers valid in several of those countries, some
    /// grouped, some not; numbers with "+"; spelled ones; and digits that are none.
    private static let prose = [
        "Bitte rufen Sie uns an, wir sind für Sie da und die Rechnung ist nicht bezahlt",
        "Veuillez nous appeler, votre abonnement est renouvelé et nous sommes là pour vous",
        "Por favor llame a nuestro equipo, su pedido está en proceso y usted puede cancelar",
        "Per favore chiami il nostro servizio, il suo abbonamento è stato rinnovato con successo",
        "Bel ons, uw abonnement is verlengd en het bedrag wordt van uw rekening afgeschreven",
        "Por favor ligue para nossa equipe, sua assinatura foi renovada com sucesso pelo sistema",
        "Please call us today if you did not make this purchase and we will help you",
        "Ring oss om du har frågor, vi kan hjälpa dig och det är inte för sent att ringa",
        "Prosimy o kontakt, twoje zamówienie jest gotowe i nie czeka na nas",
        "Your renewal of £399.99 was charged.", "Betrag 49,99 € wurde belastet.", "Valor: R$ 1.299,90 pago.",
        "Total 1 299 kr.", "Amount: A$ 399.99.", "Paid MX$3,999 today.", "Rs. 18,499 debited.", "Cost: $49.99.",
        "CHF 120.", "zł 300.", "Order 12345, 2026-11-25 at 10:30.", "Ref 4028389522.",
        "Número de pedido: 4028389522.", "INV-2245531234.",
    ]
    private static let numbers = [
        "0800 330 1234", "09 70 80 12 34", "900 123 456", "800 123 456", "020 123 4567", "4003-1234",
        "0808 164 0123", "1800 123 456", "1800 123 4567", "55 1234 5678", "0330 123 4567", "030 12345678",
        "(844) 555-0199", "1-888-555-0199", "0800 123 4567", "07700 900123", "08-123 456 78", "22 123 45 67",
        "+44 20 7946 0018", "+1 (864) 347-2494", "+49 30 12345678", "+33 1 23 45 67 89", "0417 1643 00",
        "one eight zero zero five five five zero one nine nine", "zero eight zero zero three three zero one two three four",
        "1-three-zero-five-eight-four-one-zero-seven-eight-five", "864.555.0199", "0 800 123 4567", "1234567",
    ]
    private static let regions = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "BR", "PT", "MX", "SE", "PL", "AU", "IN"]

    private static func message(_ g: inout Generator) -> [(TextView, [[UInt8]])] {
        let views: [TextView] = [.subject, .plain, .html, .fromName]
        var out: [(TextView, [[UInt8]])] = []
        for _ in 0..<(1 + g.next(3)) {
            var text = ""
            // Sometimes more numbers than the scanner holds for the end (48).
            let pieces = g.next(8) == 0 ? 120 : 2 + g.next(16)
            for _ in 0..<pieces {
                switch g.next(3) {
                case 0: text += numbers[g.next(numbers.count)]
                default: text += prose[g.next(prose.count)]
                }
                text += [" ", ": ", ". ", "\n", " call ", ", "][g.next(6)]
            }
            let bytes = Array(text.utf8)
            var chunks: [[UInt8]] = []
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, 1 + g.next(g.next(2) == 0 ? 40 : 3000))
                chunks.append(Array(bytes[at..<(at + n)]))
                at += n
            }
            out.append((views[g.next(views.count)], chunks))
        }
        return out
    }

    private static func findings(
        _ views: [(TextView, [[UInt8]])], configured: [String], hints: ([String], [String])?, eager: Bool
    ) -> [String] {
        let analyzer = TextAnalyzer(patterns: nil, limits: .default, regions: configured, reference: eager ? [.eagerRanking] : [])
        if let hints { analyzer.setAddressRegionHints(recipient: hints.0, sender: hints.1) }
        feed(analyzer, views)
        let f = analyzer.finish()
        return f.phones.map {
            "\($0.e164) \($0.type) \($0.region) \($0.views.map(\.rawValue).sorted()) \($0.evidence) \($0.offsets)"
        } + f.anomalies.map(\.rawValue).sorted()
    }

    func testSameFindingsAsRankingEverySlice() {
        var g = Generator(seed: 2525)
        var found = 0
        var national = 0
        for _ in 0..<1_500 {
            let views = Self.message(&g)
            let configured = (0..<g.next(3)).map { _ in Self.regions[g.next(Self.regions.count)] }
            let hints: ([String], [String])? =
                g.next(3) == 0
                ? nil
                : (
                    (0..<g.next(3)).map { _ in Self.regions[g.next(Self.regions.count)] },
                    (0..<g.next(3)).map { _ in Self.regions[g.next(Self.regions.count)] }
                )
            let eager = Self.findings(views, configured: configured, hints: hints, eager: true)
            let lazy = Self.findings(views, configured: configured, hints: hints, eager: false)
            XCTAssertEqual(lazy, eager, "\(views.map { ($0.0, String(decoding: $0.1.joined(), as: UTF8.self)) })")
            found += eager.count
            national += eager.filter { !$0.hasPrefix("+1") }.count
        }
        XCTAssertGreaterThan(found, 5_000)
        XCTAssertGreaterThan(national, 2_000)
    }

    /// The end of a message takes the ranking ``PhoneScanner/rankRegions()`` made last when
    /// neither the hints nor the evidence changed since (``PhoneScanner/finalRanking()``): it must
    /// be, region for region and weight for weight, the one ranked afresh, whenever the scanner
    /// last ranked and whatever changed after.
    func testFinalRankingIsRankedAfresh() {
        var g = Generator(seed: 2927)
        let stops = TestStops()
        func pick(_ count: Int) -> [String] { (0..<count).map { _ in Self.regions[g.next(Self.regions.count)] } }
        var sameAsLast = 0
        for _ in 0..<3_000 {
            var scanner = PhoneScanner(regions: pick(g.next(3)), maxPhones: 10)
            scanner.hints.recipient = pick(g.next(2))
            for _ in 0..<g.next(6) {
                let bytes = Array((Self.prose[g.next(Self.prose.count)] + " ").utf8)
                bytes.withUnsafeBufferPointer { scanner.regionEvidence.scan($0, marking: &stops.stops) }
                switch g.next(4) {
                case 0, 1: scanner.rankRegions()
                case 2: scanner.hints.text = pick(g.next(3))
                default: break
                }
            }
            let before = scanner.regions
            let expected = RegionRanking.ranked(scanner.hints, scanner.regionEvidence)
            let got = scanner.finalRanking()
            XCTAssertEqual(got.regions, expected.map(\.region))
            XCTAssertEqual(got.scores, expected.map(\.score))
            if before == got.regions { sameAsLast += 1 }
        }
        XCTAssertGreaterThan(sameAsLast, 1_000)
    }
}
