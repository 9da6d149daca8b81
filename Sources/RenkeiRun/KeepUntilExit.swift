import Foundation

/// Holds a run's large results until the process ends. Freeing a nation's parsed forms, issues
/// and tables one object at a time took tens of milliseconds at the very end of every run; the
/// process is about to exit and the kernel takes the memory back at once.
enum KeepUntilExit {
    private static let held = Held()

    static func keep(_ value: Any) { held.append(value) }

    private final class Held: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Any] = []
        func append(_ v: Any) { lock.lock(); values.append(v); lock.unlock() }
    }
}
