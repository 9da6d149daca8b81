import Foundation
import Synchronization

/// Holds a run's large results until the process ends. Freeing a nation's parsed forms, issues
/// and tables one object at a time took tens of milliseconds at the very end of every run; the
/// process is about to exit and the kernel takes the memory back at once.
public enum KeepUntilExit {
    /// Off unless the process ends after the run (the CLI): a library caller doing run after run must not grow.
    private static let held = Mutex<(on: Bool, values: [Held])>((false, []))

    public static func enable() { held.withLock { $0.on = true } }

    static func keep(_ value: Any) { held.withLock { if $0.on { $0.values.append(Held(value: value)) } } }

    /// Only kept, never read again: no thread ever touches the value after handing it over.
    private struct Held: @unchecked Sendable { let value: Any }
}
