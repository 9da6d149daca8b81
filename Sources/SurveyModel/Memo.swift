import Synchronization

/// Values made once by whichever parallel worker asks first, then shared (the others wait for it).
/// Beside `parallelMap`, in the lowest module, so there is one of it.
public final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let made = Mutex<[Key: Value]>([:])

    public init() {}

    public func value(_ key: Key, make: () -> Value) -> Value {
        made.withLock { cache in
            if let value = cache[key] { return value }
            let value = make()
            cache[key] = value
            return value
        }
    }
}
