import XCTest
final class PlaceholderHooklineIntegrationTests: XCTestCase { func testBuilds() {} }
