import HooklineCore
import XCTest

@testable import HooklineDetect

/// `PhoneScanner.scan` passes over an "o", "l", "i" or "|" that begins a word when the next
/// byte is a letter its run would not take (`endsAtOnce`), instead of starting a run that
/// ends there with no digit. Whatever the text and its cuts, the findings must be the ones
/// the scanner gives starting every such run (``ReferencePaths/letterRuns``).
final class LetterRunSkipTests: XCTestCase {
    /// Words that begin with the letters that may be digits, such letters standing for digits
    /// in numbers ("l-800", "8OO"), numbers after them, vanity numbers, and separators.
    private static let pieces = [
        "of", "oil", "ill", "lol", "like", "in", "it", "o", "i", "l", "|", "||", "ol", "io", "lio", "oi", "olio",
        "l-800-555-0199", "l800 555 0199", "1-8OO-555-0199", "o800 555 0199", "i 800 710 5687", "o 800 710 5687",
        "l0l", "(8OO) 555-0199", "+l 888 ; 4l7 ; 2O93", "1-888-MSFT-HELP", "1-800-FLOWERS", "call", "us", "at",
        "864.555.0199", "+1 (864) 347-2494", "0800 330 1234", "2026-11-25", "|800|555|0199", "ob", "lb", "if",
        "Oil", "LOL", "I", "é", "-", ".", ":", "(", ")", "\n", "  ",
    ]

    func testSameFindingsAsStartingEveryRun() {
        let found = PhoneSkipComparison.compare(
            seed: 2828, pieces: Self.pieces, joiners: [0x20, 0x20, 0x2D, 0x2E, 0x0A], joinOdds: 4, reference: .letterRuns)
        XCTAssertGreaterThan(found, 3_000)
    }
}
