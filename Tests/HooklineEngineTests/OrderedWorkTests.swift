import Foundation
import XCTest
@testable import HooklineEngine
@testable import HooklineOffline

/// `scan` and `report` run files on several threads; what they print must be exactly
/// what one thread would print, and the results waiting must stay within the window.
final class OrderedWorkTests: XCTestCase {
    /// Every job run once, every result consumed once, in job order, whatever the
    /// thread count and however the jobs' durations interleave.
    func testEveryResultOnceInJobOrder() {
        for jobs in [1, 2, 3, 8] {
            for count in [0, 1, 2, 17, 300] {
                let runs = Recorder(count: count)
                var seen: [Int] = []
                OrderedWork.run(
                    count: count, jobs: jobs,
                    work: { i in
                        runs.started(i)
                        // Uneven durations, so later jobs often finish first.
                        if i % 7 == 3 { usleep(UInt32(200 + (i * 37) % 500)) }
                        return i * i
                    }
                ) { i, square in
                    XCTAssertEqual(square, i * i)
                    seen.append(i)
                }
                XCTAssertEqual(seen, Array(0..<count), "jobs \(jobs), count \(count)")
                XCTAssertEqual(runs.timesStarted, Array(repeating: 1, count: count), "jobs \(jobs), count \(count)")
            }
        }
    }

    /// No job starts more than the window ahead of the result being consumed: a slow
    /// first file holds back a bounded number of finished verdicts, not the archive.
    func testWorkersStayWithinTheWindow() {
        let jobs = 4
        let window = OrderedWork.window(threads: jobs)
        let runs = Recorder(count: 200)
        OrderedWork.run(
            count: 200, jobs: jobs,
            work: { i in
                runs.started(i)
                if i % 50 == 0 { usleep(20_000) }  // a slow file every 50
                return i
            }
        ) { i, _ in
            XCTAssertLessThanOrEqual(runs.highestStarted, i + window, "job started beyond the window at \(i)")
        }
    }
}

extension MessageScanTests {
    /// The shipped engine shared by four threads gives every fixture message the verdict
    /// one thread gives it (the engine is shared read-only, as between milter connections).
    func testParallelScanGivesTheSequentialVerdicts() throws {
        let engine = try shippedEngine()
        let names = try fixtureNames()
        XCTAssertGreaterThan(names.count, 5)
        let messages = try names.map { try fixture($0) }
        let all = Array(repeating: messages, count: 2).flatMap { $0 }
        func lines(jobs: Int) -> [String] {
            var out: [String] = []
            OrderedWork.run(
                count: all.count, jobs: jobs,
                work: { i in
                    let v = FileScan.scan(bytes: all[i], engine: engine, chunkSize: 257 + (i * 977) % 65000)
                    return VerdictJSON.line(
                        file: "\(i)", verdict: v, decision: engine.policy.decide(v), elapsedMicros: 0)
                }
            ) { _, line in out.append(line) }
            return out
        }
        let sequential = lines(jobs: 1)
        XCTAssertEqual(lines(jobs: 4), sequential)
        XCTAssertEqual(Set(sequential.map { $0.contains("\"action\":\"accept\"") }).count, 2, "fixtures both flagged and accepted")
    }
}

/// Which jobs started, how often, behind a lock (the workers call it concurrently).
private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]
    private var highest = -1

    init(count: Int) { counts = Array(repeating: 0, count: count) }

    func started(_ i: Int) {
        lock.lock()
        counts[i] += 1
        highest = max(highest, i)
        lock.unlock()
    }

    var timesStarted: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    var highestStarted: Int {
        lock.lock()
        defer { lock.unlock() }
        return highest
    }
}
