import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` on all cores, results in order. For independent pieces of a run (per-prefecture
    /// tables, each response's value table, hashing the outputs) that held up the job when
    /// done one after another. Kept here, in the lowest module Ingest, Tabulate and the
    /// command share, so there is one of it.
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let slots = Slots<T>(count: count)
        let items = self
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, transform(items[i])) }
        return slots.values
    }

    /// `parallelMap` that reports `(done, total)` as each piece finishes (for progress lines).
    public func parallelMap<T: Sendable>(progress: (@Sendable (Int, Int) -> Void)?,
                                         _ transform: @Sendable (Element) -> T) -> [T] {
        guard let progress else { return parallelMap(transform) }
        let slots = Slots<T>(count: count)
        let items = self, total = count
        DispatchQueue.concurrentPerform(iterations: count) { i in progress(slots.set(i, transform(items[i])), total) }
        return slots.values
    }
}

/// Results by index, each slot written once by one worker.
private final class Slots<T: Sendable>: Sendable {
    private let state: Mutex<(storage: [T?], done: Int)>
    init(count: Int) { state = Mutex((Array(repeating: nil, count: count), 0)) }
    /// Stores slot `i`; returns how many slots are filled.
    @discardableResult
    func set(_ i: Int, _ value: T) -> Int { state.withLock { $0.storage[i] = value; $0.done += 1; return $0.done } }
    var values: [T] { state.withLock { $0.storage.map { $0! } } }
}
