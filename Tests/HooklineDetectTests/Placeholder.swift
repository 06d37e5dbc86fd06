import XCTest
final class PlaceholderHooklineDetectTests: XCTestCase { func testBuilds() {} }
