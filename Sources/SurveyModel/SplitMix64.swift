/// SplitMix64: a tiny, well-mixed PRNG. Never the system RNG, so a seed gives the same nation
/// on every machine (and the question kinds draw plausible answers from it); each respondent gets its own stream (`stream(_:)`) so answers do not
/// depend on which prefectures were asked for or in which order threads run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for `key` (a respondent, a quota), derived by FNV-1a of the key.
    public init(seed: UInt64, key: String) {
        state = seed ^ FNV1a.hash(key.utf8)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform in 0..<n (n > 0), by modulo: the one integer draw the others here are made of.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given weights.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() { x -= w; if x < 0 { return i } }
        return weights.count - 1
    }

    /// Fisher–Yates with this stream (the standard library's shuffle would be fine too,
    /// but spelling it out keeps the order stable across Swift versions).
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        guard a.count > 1 else { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
        return a
    }
}

/// FNV-1a (64-bit) over bytes: the simulator's stream keys, the glossary's spelling fingerprints.
enum FNV1a {
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
