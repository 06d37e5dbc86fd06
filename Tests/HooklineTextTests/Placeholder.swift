import XCTest
final class PlaceholderHooklineTextTests: XCTestCase { func testBuilds() {} }
