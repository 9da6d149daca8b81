import Foundation
import Synchronization

/// Work started now on a thread of its own, its result taken later: a piece of the run that
/// needs nothing the main thread does meanwhile (its own thread, so a busy worker pool never delays it).
final class Background<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, Error>?>(nil)
    // Signalled once the result is stored; `value` passes the signal on, so every later call returns at once.
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread.detachNewThread { [self] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Waits for the work and returns or rethrows what it gave.
    func value() throws -> T {
        done.wait()
        done.signal()
        return try result.withLock { $0! }.get()
    }
}
