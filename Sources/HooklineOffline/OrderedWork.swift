import Foundation

/// Runs independent jobs on several threads and hands their results back in job order.
///
/// `scan` and `report` go through mail archives one file at a time, and each file is
/// independent of the others (the engine is shared read-only, as the milter shares it
/// between connections). On an idle machine a second core halves the wall time of an
/// archive scan; the output stays exactly the sequential one because only the calling
/// thread consumes, in order. Memory stays bounded: no worker starts a job more than
/// `window` jobs ahead of the one being consumed, so a slow file holds back at most that
/// many finished results, whatever the archive's size.
public enum OrderedWork {
    /// Threads `scan` and `report` use unless told: one per online processor, at most 16.
    public static var defaultJobs: Int { max(1, min(16, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

    /// The most `--jobs` accepts: more threads than this only queue on the same cores.
    public static let maxJobs = 64

    /// `--jobs` given by an admin: a clear message for 0, negative or absurd counts.
    public static func validate(jobs: Int?) throws {
        if let jobs, !(1...maxJobs).contains(jobs) {
            throw JobsError(description: "--jobs must be between 1 and \(maxJobs), not \(jobs)")
        }
    }

    public struct JobsError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Calls `work(i)` for every `i` in `0..<count`, on up to `jobs` threads, and
    /// `consume(i, result)` on the calling thread for `i` = 0, 1, 2 … in order.
    /// With `jobs` ≤ 1 everything runs on the calling thread, one job after the other.
    public static func run<T: Sendable>(
        count: Int, jobs: Int, work: @escaping @Sendable (Int) -> T, consume: (Int, T) -> Void
    ) {
        let threads = min(jobs, count)
        guard threads > 1 else {
            for i in 0..<count { consume(i, work(i)) }
            return
        }
        let board = Board<T>(count: count, window: window(threads: threads))
        for _ in 0..<threads {
            let thread = Thread { board.serve(work) }
            // The detector runs here as it does on libmilter's threads (8 MiB stacks by
            // default), not on Foundation's 512 KiB secondary-thread default.
            thread.stackSize = 8 << 20
            thread.start()
        }
        for i in 0..<count { consume(i, board.take(i)) }
        board.waitForWorkers(threads)
    }

    /// How far ahead of the consumer the workers may run: enough that a slow file does not
    /// idle the others, few enough that waiting results stay a handful of verdicts.
    static func window(threads: Int) -> Int { threads * 4 }

    /// The jobs handed out and the results waiting, behind one lock.
    private final class Board<T: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let count: Int
        private var slots: [T?]
        private var next = 0
        private var consumed = 0
        private var finished = 0

        init(count: Int, window: Int) {
            self.count = count
            slots = Array(repeating: nil, count: window)
        }

        /// A worker's loop: claim the next job while it is within the window, run it, post it.
        func serve(_ work: @Sendable (Int) -> T) {
            while true {
                condition.lock()
                while next < count && next >= consumed + slots.count { condition.wait() }
                guard next < count else {
                    finished += 1
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let i = next
                next += 1
                condition.unlock()
                let result = work(i)
                condition.lock()
                slots[i % slots.count] = result
                condition.broadcast()
                condition.unlock()
            }
        }

        /// Job `i`'s result, once it is there; frees its slot for job `i + window`.
        func take(_ i: Int) -> T {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let result = slots[i % slots.count] {
                    slots[i % slots.count] = nil
                    consumed = i + 1
                    condition.broadcast()
                    return result
                }
                condition.wait()
            }
        }

        /// Returns once every worker has left its loop, so none outlives the call.
        func waitForWorkers(_ threads: Int) {
            condition.lock()
            while finished < threads { condition.wait() }
            condition.unlock()
        }
    }
}
