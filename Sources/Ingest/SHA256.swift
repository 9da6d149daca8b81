import CCrypto

/// SHA-256 for the run record: every input and output is listed with its digest so a contractor
/// can prove which files a report was made from. Through OpenSSL's libcrypto, which uses the
/// CPU's SHA instructions: hashing every inbox byte in Swift took 7% of ingestion.
///
/// Copies of a value share one running digest; use each hasher from one place.
public struct SHA256: @unchecked Sendable {
    private final class Context {
        let ctx: OpaquePointer
        init() {
            ctx = EVP_MD_CTX_new()
            EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        }
        deinit { EVP_MD_CTX_free(ctx) }
    }

    private let context = Context()

    public init() {}

    /// Hex digest of `bytes` in one call.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = SHA256(); s.update(bytes); return s.finalizeHex()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let ctx = context.ctx
        if bytes.withContiguousStorageIfAvailable({ EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }) == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { _ = EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }
        }
    }

    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context.ctx, &out, &length)
        return Array(out.prefix(Int(length)))
    }

    public mutating func finalizeHex() -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var s: [UInt8] = []
        for b in finalize() { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return String(decoding: s, as: UTF8.self)
    }
}
