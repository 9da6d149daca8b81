import Foundation

/// Work started now on a thread of its own, its result taken later: a piece of the run that
/// needs nothing the main thread does meanwhile (its own thread, so a busy worker pool never delays it).
final class Background<T: Sendable>: @unchecked Sendable {
    // Written once by the thread before `done` is signalled; read only after waiting on it.
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// Waits for the work (once; later calls return at once) and returns or rethrows what it gave.
    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
