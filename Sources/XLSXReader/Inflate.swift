import CZlib

/// Raw DEFLATE (no zlib header, as in ZIP) through zlib, with limits enforced while
/// inflating so a bomb is stopped after at most one chunk past the limit.
enum Inflate {
    /// - Parameters:
    ///   - input: the compressed bytes of one entry.
    ///   - expectedSize: the size the central directory declares; only a capacity hint,
    ///     because some producers write wrong sizes and the data is still good.
    ///   - maxOutput: hard ceiling on output (entry limit or remaining file budget).
    static func raw(_ input: UnsafeBufferPointer<UInt8>, expectedSize: Int, maxOutput: Int,
                    limits: ReaderLimits, limitName: String) throws(XLSXError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptZip("zlib could not start")
        }
        defer { inflateEnd(&stream) }

        // The declared size is a hint a hostile file can inflate (a bomb declares 4 GB): never
        // reserve more than the ratio limit lets this input produce, since more is rejected anyway.
        let (ratioCap, overflow) = input.count.multipliedReportingOverflow(by: limits.maxCompressionRatio)
        let plausible = overflow ? Int.max : max(limits.ratioThreshold, ratioCap)
        var capacity = max(4096, min(expectedSize &+ 64, maxOutput &+ 1, plausible &+ 64))
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(clamping: input.count)
        // The first (usually only) call writes into uninitialised memory: zero-filling the declared
        // size first cost as much as a tenth of inflating. Only bytes zlib wrote are ever counted.
        var first: Int32 = Z_OK
        var out = [UInt8](unsafeUninitializedCapacity: capacity) { buf, initialized in
            stream.next_out = buf.baseAddress!
            stream.avail_out = UInt32(clamping: capacity)
            // Z_FINISH: a stream that completes in this call keeps no sliding window (no 32 KB copy);
            // one that does not goes on as with Z_NO_FLUSH (zlib's manual), returning Z_BUF_ERROR, not Z_OK.
            first = inflate(&stream, Z_FINISH)
            produced = capacity - Int(stream.avail_out)
            initialized = produced
        }
        var pending: Int32? = first

        while true {
            let status: Int32
            if let rc = pending {
                status = rc
                pending = nil
            } else {
                if produced == capacity {
                    if capacity > maxOutput { throw .limitExceeded(which: limitName, limit: maxOutput) }
                    let grow = min(capacity, max(maxOutput &+ 1 &- capacity, 4096))
                    out.append(contentsOf: repeatElement(0, count: grow))
                    capacity = out.count
                } else if out.count < capacity {
                    out.append(contentsOf: repeatElement(0, count: capacity - out.count))
                }
                status = out.withUnsafeMutableBufferPointer { buf in
                    stream.next_out = buf.baseAddress! + produced
                    stream.avail_out = UInt32(clamping: capacity - produced)
                    let before = stream.avail_out
                    let rc = inflate(&stream, Z_NO_FLUSH)
                    produced += Int(before - stream.avail_out)
                    return rc
                }
            }
            if produced > maxOutput { throw .limitExceeded(which: limitName, limit: maxOutput) }
            // Judge the ratio on what has been consumed so far, so a bomb is caught early.
            let consumed = input.count - Int(stream.avail_in)
            if produced > limits.ratioThreshold && produced / max(consumed, 1) > limits.maxCompressionRatio {
                throw .limitExceeded(which: "maxCompressionRatio", limit: limits.maxCompressionRatio)
            }
            switch status {
            case Z_STREAM_END:
                if out.count > produced { out.removeSubrange(produced...) }
                return out
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: output space is full (loop grows it) or input ran out.
                if produced == capacity { continue }
                throw .truncated
            case Z_DATA_ERROR:
                throw .corruptZip("invalid deflate data")
            case Z_MEM_ERROR:
                throw .limitExceeded(which: "memory", limit: maxOutput)
            default:
                throw .corruptZip("inflate status \(status)")
            }
        }
    }
}
