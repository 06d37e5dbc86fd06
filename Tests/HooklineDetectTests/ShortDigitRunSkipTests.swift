import HooklineCore
import XCTest

@testable import HooklineDetect

/// `PhoneScanner.scan` passes over the digits and separators from a digit when no run started
/// among them can hold seven keys and the byte after them must end a run (`shortDigitRunEnd`),
/// instead of starting each run, feeding it to `accept` and ending it with nothing. Whatever
/// the text and its cuts, the findings must be the ones the scanner gives starting every run
/// (``ReferencePaths/shortDigitRuns``).
final class ShortDigitRunSkipTests: XCTestCase {
    /// Short digit groups (dates, times, prices, counts) and the bytes that may follow them:
    /// letters joined by "-", "." or a digit (vanity words), the letters that may be digits,
    /// every separator and ":", "]", "|"; numbers cut into short groups, whole numbers.
    private static let pieces = [
        "1", "12", "123", "2026", "12345", "123456", "1234567", "10:30", "25.00", "2026-11-25", "(864)", "[202]",
        "555-0199", "864.555.0199", "+1 (864) 347-2494", "0800 330 1234", "1-800-", "1-800-flowers", "1-888-MSFT-HELP",
        "800 710 5687", "8OO", "l-800", "4l7", "2O93", "and", "am", "pm", "oil", "of", "in", "x", "ext", "call", "msft",
        "flowers", "a", "b", "o", "l", "i", "|", ",", "%", ":", ";", "*", "~", "/", "]", "(", ")", "-", ".", "$", "+",
        "\n", "é", "  ", "2 items", "1 of 3", "10:30 in", "5|o", "7-lol", "8.oil", "9 ill", "3 lo", "4 oooo", "6 io 7",
        "1 2 3 o 4 5 6", "0 | 1 | 2 | 3",
    ]

    func testSameFindingsAsStartingEveryRun() {
        let found = PhoneSkipComparison.compare(
            seed: 2929, pieces: Self.pieces, joiners: [0x20, 0x20, 0x2D, 0x2E, 0x0A, 0x3A], joinOdds: 3, reference: .shortDigitRuns)
        XCTAssertGreaterThan(found, 2_000)
    }
}
