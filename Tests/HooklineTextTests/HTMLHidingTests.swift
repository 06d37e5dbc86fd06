import XCTest
import HooklineCore
@testable import HooklineText

/// Junk hidden between the digits of a phone number, each way CSS can hide it. The
/// `html(_:)` helper feeds every case whole and in 1, 2, 3, 7 and 64 byte chunks and
/// checks they agree, so a tag, comment or style block cut anywhere changes nothing.
extension HTMLAndCalendarTests {
    func testInlineHidingBetweenDigitsKeepsTheNumberWhole() {
        let hiders = [
            "display:none", "font-size:0", "font-size:0px", "visibility:hidden", "opacity:0",
            "color:#fff;background-color:#fff", "max-height:0;overflow:hidden",
            "position:absolute;left:-9999px", "color:transparent", "mso-hide:all",
        ]
        for hider in hiders {
            let s = html("<p>Call 8<span style=\"\(hider)\">x7</span>64-3<b style='\(hider)'>q</b>47-2494</p>")
            XCTAssertEqual(s.text(of: .html), "\nCall 864-347-2494\n", hider)
            XCTAssertEqual(s.anomalies, [.hiddenHTMLText], hider)
        }
    }

    func testStyleBlockClassIdAndElementSelectors() {
        let sheet =
            "<style>/* junk */ .j{display:none} span.k { font-size: 0 } #a{visibility:hidden}"
            + " s{color:#ffffff} @media (max-width:600px){ .m{display:none} } .x:hover{display:none}</style>"
        let s = html(
            sheet + "<p>8<span class='q j'>1</span>6<span class=k>2</span>4<i id=a>3</i>-<s>5</s>347"
                + "<em class=m>-</em>2494 <b class=x>shown</b></p>")
        XCTAssertEqual(s.text(of: .html), "\n864-347-2494 shown\n")
        XCTAssertEqual(s.anomalies, [.hiddenHTMLText])
    }

    func testSheetSelectorsOnlyMatchTheirElement() {
        let s = html("<style>span.j{display:none}</style><p>a<b class=j>b</b><span class=j>c</span></p>")
        XCTAssertEqual(s.text(of: .html), "\nab\n")
    }

    func testChildMayUndoInheritedFontSizeAndVisibility() {
        let s = html(
            "<td style='font-size:0'><div style='font-size:14px'>Call 864</div></td>"
                + "<div style='visibility:hidden'><p style='visibility:visible'>347</p></div>")
        XCTAssertTrue(s.text(of: .html).contains("Call 864"))
        XCTAssertTrue(s.text(of: .html).contains("347"))
        let n = html("<div style='display:none'><p style='display:block'>gone</p></div>")
        XCTAssertFalse(n.text(of: .html).contains("gone"), "display:none cannot be undone by a child")
    }

    func testHiddenBlocksAddNoLineBreak() {
        let s = html("8<div style='display:none'>0</div>6<p hidden>1</p>4")
        XCTAssertEqual(s.text(of: .html), "864")
    }

    func testEmptyTagsAndCommentsBetweenDigits() {
        let s = html("8<span></span>6<b></b><!-- 5 -->4<i/>-<!---->3<font></font>47-2<u></u>494")
        XCTAssertEqual(s.text(of: .html), "864-347-2494")
    }

    func testStyleSheetIsBounded() {
        var sheet = "<style>"
        for i in 0..<5000 { sheet += ".c\(i){display:none}" }
        sheet += "</style>"
        let s = html(sheet + "<p>a<span class=c1>b</span><span class=c4999>c</span></p>")
        XCTAssertEqual(s.text(of: .html), "\nac\n", "rules past the selector cap are not applied")
    }
}
