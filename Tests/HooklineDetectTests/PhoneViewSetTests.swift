import HooklineCore
import XCTest

@testable import HooklineDetect

/// A finding's views start as a set built once for each view (`PhoneScanner.viewSet`), not
/// as `[view]` built for every number: each must be that set, and a copy grown by
/// `formUnion` (a number seen again in another view) must leave the shared one as it was.
final class PhoneViewSetTests: XCTestCase {
    func testOneSetForEachView() {
        for view in TextView.allCases {
            XCTAssertEqual(PhoneScanner.viewSet(view), [view])
            var grown = PhoneScanner.viewSet(view)
            grown.formUnion(TextView.allCases)
            XCTAssertEqual(PhoneScanner.viewSet(view), [view])
        }
    }
}
