import CFastCRC
import CZlib
import Testing

/// The ZIP check of every inflated part: renkei_crc32 must give zlib's crc32 for any bytes,
/// any length, any alignment and any running value, or a good file would be refused.
@Suite struct FastCRCTests {
    /// A small seeded generator (SplitMix64): the same cases on every machine.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func zlib(_ crc: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_z(UInt(crc), bytes.baseAddress, bytes.count))
    }

    @Test(arguments: [1, 2, 3])
    func sameAsZlibForAnyLengthOffsetAndStart(seed: UInt64) {
        var rng = Seeded(state: seed)
        let pool = (0 ..< 70_000).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
        pool.withUnsafeBufferPointer { all in
            // Every length around the 16- and 64-byte steps, then random ones up to 64 KB.
            let lengths = Array(0 ... 300) + (0 ..< 300).map { _ in Int.random(in: 0 ... 65_536, using: &rng) }
            for length in lengths {
                let offset = Int.random(in: 0 ... 31, using: &rng)
                let start: UInt32 = Bool.random(using: &rng) ? 0 : UInt32.random(in: 0 ... .max, using: &rng)
                let slice = UnsafeBufferPointer(rebasing: all[offset ..< offset + length])
                #expect(renkei_crc32(start, slice.baseAddress, slice.count) == Self.zlib(start, slice), "length \(length) offset \(offset) start \(start)")
            }
        }
    }

    @Test func chainedPiecesEqualTheWhole() {
        var rng = Seeded(state: 42)
        let bytes = (0 ..< 1_000_003).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
        bytes.withUnsafeBufferPointer { all in
            let whole = Self.zlib(0, all)
            #expect(renkei_crc32(0, all.baseAddress, all.count) == whole)
            var crc: UInt32 = 0, at = 0
            while at < all.count {
                let n = min(all.count - at, Int.random(in: 1 ... 5_000, using: &rng))
                crc = renkei_crc32(crc, all.baseAddress! + at, n)
                at += n
            }
            #expect(crc == whole)
        }
    }

    /// Long runs of one byte and XML-like text: what inflated parts look like.
    @Test func knownValues() {
        let text = Array(String(repeating: "<c r=\"A1\" t=\"s\"><v>12</v></c>", count: 500).utf8)
        text.withUnsafeBufferPointer { #expect(renkei_crc32(0, $0.baseAddress, $0.count) == Self.zlib(0, $0)) }
        let zeros = [UInt8](repeating: 0, count: 4096)
        zeros.withUnsafeBufferPointer { #expect(renkei_crc32(0, $0.baseAddress, $0.count) == Self.zlib(0, $0)) }
        // The check value every CRC-32 implementation documents.
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBufferPointer { renkei_crc32(0, $0.baseAddress, $0.count) } == 0xCBF4_3926)
        let long = Array(String(repeating: "123456789", count: 100).utf8)
        long.withUnsafeBufferPointer { #expect(renkei_crc32(0, $0.baseAddress, $0.count) == Self.zlib(0, $0)) }
    }

    #if arch(x86_64)
    /// The bench machine has the instruction: if this fails, the fast path is not being taken.
    @Test func usesCarrylessMultiplyWhereTheCPUHasIt() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        try #require(cpuinfo.contains(" pclmulqdq"))
        #expect(renkei_crc32_uses_pclmul() == 1)
    }
    #endif
}
