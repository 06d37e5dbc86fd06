import Foundation
import XCTest
import Glibc
import HooklineEngine
import HooklineLoader
@testable import HooklineMilter

/// The registry's text format, the loopback responder, the daemon path that counts,
/// and the `metrics:` config key.
final class MetricsRegistryTests: XCTestCase {
    func testLabelValuesAreEscapedAndHelpAndTypeLead() {
        let r = MetricsRegistry()
        r.declare("x_total", .counter, help: "line one\nback\\slash")
        r.add("x_total", [("rule", "a\"b\\c\nd")])
        r.add("x_total", [("rule", "a\"b\\c\nd")], 2)
        r.add("x_total", [("rule", "plain")], -5)  // counters never go down
        r.add("undeclared_total")  // ignored, no trap
        let text = r.exposition()
        XCTAssertTrue(text.hasPrefix("# HELP x_total line one\\nback\\\\slash\n# TYPE x_total counter\n"), text)
        XCTAssertTrue(text.contains("x_total{rule=\"a\\\"b\\\\c\\nd\"} 3\n"), text)
        XCTAssertFalse(text.contains("plain"), text)
        XCTAssertFalse(text.contains("undeclared"), text)
    }

    func testHistogramBucketsAreCumulativeWithSumAndCount() {
        let r = MetricsRegistry()
        r.declare("lat_seconds", .histogram, help: "h", buckets: [0.1, 0.01, 1])
        for v in [0.005, 0.05, 0.05, 3.0] { r.observe("lat_seconds", [], v) }
        let text = r.exposition()
        let expected = """
            # TYPE lat_seconds histogram
            lat_seconds_bucket{le="0.01"} 1
            lat_seconds_bucket{le="0.1"} 3
            lat_seconds_bucket{le="1"} 3
            lat_seconds_bucket{le="+Inf"} 4
            lat_seconds_sum 3.105
            lat_seconds_count 4

            """
        XCTAssertTrue(text.contains(expected), text)
    }

    func testLabelledHistogramAndGaugeAndSeriesCap() {
        let r = MetricsRegistry()
        r.declare("h", .histogram, help: "h", buckets: [1])
        r.observe("h", [("kind", "x")], 0.5)
        r.declare("g", .gauge, help: "g")
        r.add("g", [], 1); r.add("g", [], 1); r.add("g", [], -1)
        r.declare("c", .counter, help: "c")
        for i in 0...MetricsRegistry.maxSeriesPerFamily { r.add("c", [("n", String(i))]) }
        let text = r.exposition()
        XCTAssertTrue(text.contains("h_bucket{kind=\"x\",le=\"1\"} 1\n"), text)
        XCTAssertTrue(text.contains("h_sum{kind=\"x\"} 0.5\n"), text)
        XCTAssertEqual(r.value("g"), 1)
        XCTAssertTrue(text.contains("hookline_metrics_series_dropped_total 1\n"))
    }
}

final class MetricsServerTests: XCTestCase {
    /// A real GET over a socket of the test's own, to the port the kernel picked.
    func testAnswersGetMetricsOnLoopbackAnd404Otherwise() throws {
        let address = try XCTUnwrap(MetricsAddress(host: "127.0.0.1", port: 0))
        let server = try MetricsServer.start(address) { "hookline_up 1\n" }
        defer { server.stop() }
        XCTAssertNotEqual(server.port, 0)

        let ok = try request(port: server.port, "GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n")
        XCTAssertTrue(ok.hasPrefix("HTTP/1.0 200 OK\r\n"), ok)
        XCTAssertTrue(ok.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"), ok)
        XCTAssertTrue(ok.contains("Content-Length: 14\r\n"), ok)
        XCTAssertTrue(ok.hasSuffix("\r\n\r\nhookline_up 1\n"), ok)

        for other in ["GET / HTTP/1.0\r\n\r\n", "POST /metrics HTTP/1.0\r\n\r\n", "GET /metricsx HTTP/1.0\r\n\r\n"] {
            XCTAssertTrue(try request(port: server.port, other).hasPrefix("HTTP/1.0 404 Not Found\r\n"), other)
        }
        let huge = "GET /metrics HTTP/1.0\r\nX: " + String(repeating: "a", count: 3 * MetricsServer.maxRequestBytes)
        XCTAssertTrue(try request(port: server.port, huge).hasPrefix("HTTP/1.0 400"), "over the size bound")
        // Still serving after the bad ones.
        XCTAssertTrue(try request(port: server.port, "GET /metrics?x=1 HTTP/1.0\r\n\r\n").hasPrefix("HTTP/1.0 200"))
    }

    func testRouteReadsOnlyTheRequestLine() {
        XCTAssertEqual(MetricsServer.route(Array("GET /metrics HTTP/1.0\r\n\r\n".utf8)), .metrics)
        XCTAssertEqual(MetricsServer.route(Array("HEAD /metrics HTTP/1.0\r\n\r\n".utf8)), .notFound)
        XCTAssertEqual(MetricsServer.route(Array("\u{1}\r\n\r\n".utf8)), .bad)
    }

    private func request(port: UInt16, _ text: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr)
        let connected = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw XCTSkip("connect failed: errno \(errno)") }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<1000 {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

final class MetricsDaemonPathTests: XCTestCase {
    /// The handler counts every message by what the MTA was told, accepts and on_error
    /// outcomes included, and the connection gauge follows connect/close.
    func testHandlerCountsMessagesByAction() throws {
        let engine = try MT.shippedEngine()
        let metrics = HooklineMetrics()
        let h = MilterHandler.forTests(engine, metrics: metrics)
        _ = h.negotiate(
            offeredActions: [.addHeaders, .changeHeaders, .quarantine], offeredSteps: [],
            context: RecordingContext())
        _ = h.connect(hostname: "mx.example.net", address: "192.0.2.7")
        XCTAssertEqual(metrics.registry.value("hookline_connections_open"), 1)

        var lure = MTADriver(h, RecordingContext(queueId: "Q1"))
        lure.send(try MT.message("azure-monitor-callback.eml"), to: ["<victim@hookline.test>"])
        XCTAssertEqual(h.lastVerdict?.action, .quarantine)
        var ham = MTADriver(h, RecordingContext(queueId: "Q2"))
        ham.send(try MT.message("ham-project-update.eml"))
        XCTAssertEqual(h.lastVerdict?.action, .accept)
        // The MTA refuses our header: on_error (accept by default) decides instead.
        let refusing = RecordingContext(queueId: "Q3")
        refusing.failing = [.addHeader]
        var failed = MTADriver(h, refusing)
        XCTAssertEqual(failed.send(try MT.message("ham-project-update.eml")), .accept)

        let r = metrics.registry
        XCTAssertTrue(
            HooklineMetrics().registry.exposition().contains("hookline_scan_seconds_count 0\n"),
            "histograms exist before the first message")
        XCTAssertEqual(r.value("hookline_messages_total", [("action", "quarantine")]), 1)
        XCTAssertEqual(r.value("hookline_messages_total", [("action", "accept")]), 1)
        XCTAssertEqual(r.value("hookline_messages_total", [("action", "on_error_accept")]), 1)
        XCTAssertEqual(r.value("hookline_messages_total", [("action", "tag")]), 0)
        XCTAssertEqual(r.value("hookline_platform_messages_total", [("platform", "azure-monitor")]), 1)
        XCTAssertEqual(r.value("hookline_rule_hits_total", [("rule", "PLATFORM_CUSTOMER_WROTE_CALLBACK")]), 1)
        XCTAssertGreaterThanOrEqual(r.value("hookline_phones_found_total") ?? 0, 1)
        let text = r.exposition()
        XCTAssertTrue(text.contains("hookline_scan_seconds_count 3\n"), text)
        XCTAssertTrue(text.contains("hookline_message_bytes_count 3\n"), text)

        h.close()
        h.close()  // libmilter may close twice after an abort; the gauge must not go negative
        XCTAssertEqual(metrics.registry.value("hookline_connections_open"), 0)
    }

    func testReloadCountsOkAndFailed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-metrics-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("hookline.yaml").path
        try "rules:\n  - id: R\n    score: 1\n    when: {phone: true}\n".write(
            toFile: dir.appendingPathComponent("r.yaml").path, atomically: true, encoding: .utf8)
        try "metrics: {listen: \"127.0.0.1:9899\"}\nrules: [r.yaml]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let holder = EngineHolder(Engine(config: HooklineConfig()))
        let metrics = HooklineMetrics()
        MilterDaemon.reload(path: config, into: holder, listen: "inet:8899@127.0.0.1", metrics: metrics)
        XCTAssertEqual(holder.current.config.metricsListen?.description, "127.0.0.1:9899")
        try "metrics: {listen: \"10.0.0.1:9899\"}\nrules: [r.yaml]\n".write(toFile: config, atomically: true, encoding: .utf8)
        MilterDaemon.reload(path: config, into: holder, listen: "inet:8899@127.0.0.1", metrics: metrics)
        XCTAssertEqual(metrics.registry.value("hookline_reloads_total", [("result", "ok")]), 1)
        XCTAssertEqual(metrics.registry.value("hookline_reloads_total", [("result", "failed")]), 1)
    }
}

final class MetricsAddressTests: XCTestCase {
    func testOnlyLoopbackAddressesParse() {
        func ok(_ s: String) -> String? { if case .success(let a) = MetricsAddress.parse(s) { return a.description }; return nil }
        XCTAssertEqual(ok("127.0.0.1:9899"), "127.0.0.1:9899")
        XCTAssertEqual(ok("127.1.2.3:80"), "127.1.2.3:80")
        XCTAssertEqual(ok("[::1]:9899"), "[::1]:9899")
        XCTAssertEqual(ok("localhost:9899"), "127.0.0.1:9899")
        for bad in [
            "0.0.0.0:9899", "10.0.0.1:9899", "[::]:9899", "[::ffff:127.0.0.1]:9899", "example.com:9899",
            "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", ":9899", "",
        ] {
            XCTAssertNil(ok(bad), bad)
        }
    }
}
