import CPhone
import XCTest

@testable import HooklineDetect

/// Engine load asks libphonenumber about one number of the region numbers are read in, so
/// its regular expressions are built before the first message (`PhoneValidator.warmed`).
final class PhoneWarmTests: XCTestCase {
    /// Every region warmed at engine load is one libphonenumber knows.
    func testWarmRegionsAreKnown() {
        let regions = PhoneValidator.warmRegions
        XCTAssertTrue(regions.contains("US"))
        XCTAssertEqual(Set(regions).count, regions.count)
        for region in regions {
            XCTAssertNotEqual(region.withCString { hookline_phone_country_code($0) }, 0, region)
        }
        XCTAssertTrue(PhoneValidator.warmed)
    }
}
