import XCTest
final class PlaceholderHooklineRulesTests: XCTestCase { func testBuilds() {} }
