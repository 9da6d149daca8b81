import Foundation
import Synchronization

/// Holds a run's large results until the process ends. Freeing a nation's parsed forms, issues
/// and tables one object at a time took tens of milliseconds at the very end of every run; the
/// process is about to exit and the kernel takes the memory back at once.
enum KeepUntilExit {
    private static let held = Mutex<[Held]>([])

    static func keep(_ value: Any) { held.withLock { $0.append(Held(value: value)) } }

    /// Only kept, never read again: no thread ever touches the value after handing it over.
    private struct Held: @unchecked Sendable { let value: Any }
}
