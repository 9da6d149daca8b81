import SurveyModel

/// Draws for the seeded generators of property tests, on the simulator's own PRNG.
extension SplitMix64 {
    /// An integer in 0..<n (n > 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
