import Foundation
import HooklineEngine

/// The engine in force, swapped whole on reload.
///
/// Messages read it once, at MAIL FROM, and keep that engine to the end: a reload
/// in the middle of a message must not change the rules it is judged by.
public final class EngineHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var engine: Engine

    public init(_ engine: Engine) { self.engine = engine }

    public var current: Engine {
        lock.lock(); defer { lock.unlock() }
        return engine
    }

    public func replace(with engine: Engine) {
        lock.lock(); defer { lock.unlock() }
        self.engine = engine
    }
}

/// Messages between MAIL FROM and their end (EOM, ABORT or a dropped connection).
///
/// A stop waits on this count before telling libmilter, which would otherwise
/// close every session at once: a stop must not cut a message off mid-conversation.
public final class InFlightMessages: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0
    private var draining = false

    public init() {}

    public var value: Int {
        condition.lock(); defer { condition.unlock() }
        return count
    }

    /// Once set, new MTA connections are turned away so the drain can finish.
    public var isDraining: Bool {
        condition.lock(); defer { condition.unlock() }
        return draining
    }

    public func startDraining() {
        condition.lock(); draining = true; condition.unlock()
    }

    func begin() {
        condition.lock(); count += 1; condition.unlock()
    }

    func end() {
        condition.lock()
        count = max(0, count - 1)
        if count == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// True when every message finished before the deadline.
    public func waitUntilIdle(timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock(); defer { condition.unlock() }
        while count > 0 {
            if !condition.wait(until: deadline) { return count == 0 }
        }
        return true
    }
}
