import CFastCRC
import Foundation

/// One member of a ZIP archive as the central directory describes it.
public struct ZipEntry: Sendable, Equatable {
    /// The name as text (see `ZipNameEncoding` for how its bytes were read).
    public let name: String
    public let nameEncoding: ZipNameEncoding
    public let compressedSize: Int
    public let uncompressedSize: Int
    /// 0 stored, 8 deflated; other methods are listed but cannot be extracted.
    public let method: Int
    public let crc32: UInt32
    /// Offset of the local file header.
    public let localHeaderOffset: Int
    /// General purpose bit flags (bit 0 encrypted, bit 6 strong encryption, bit 11 UTF-8 name).
    public let flags: UInt16
    /// The DOS date/time fields: the zipping PC's wall clock, in no zone (2 s precision).
    public let dosModified: DOSDateTime?
    /// The extended-timestamp extra field (0x5455) mtime, a UTC instant, when the writer added one.
    public let extendedModified: Date?
    /// Password-protected: ZipCrypto (bit 0), PKWARE strong encryption (bit 6), or WinZip AES
    /// (method 99, extra field 0x9901). Its bytes cannot be read without the password.
    public let isEncrypted: Bool
    public var isDirectory: Bool { name.hasSuffix("/") }

    public init(name: String, nameEncoding: ZipNameEncoding = .utf8Flag, compressedSize: Int, uncompressedSize: Int,
                method: Int, crc32: UInt32, localHeaderOffset: Int, flags: UInt16 = 0,
                dosModified: DOSDateTime? = nil, extendedModified: Date? = nil, isEncrypted: Bool = false) {
        self.name = name; self.nameEncoding = nameEncoding
        self.compressedSize = compressedSize; self.uncompressedSize = uncompressedSize
        self.method = method; self.crc32 = crc32; self.localHeaderOffset = localHeaderOffset; self.flags = flags
        self.dosModified = dosModified; self.extendedModified = extendedModified; self.isEncrypted = isEncrypted
    }
}

/// A read-only ZIP archive held in memory. Only the central directory is parsed up front;
/// entries are inflated when asked for. Public so callers can open zip bundles of workbooks.
public struct ZipArchive: Sendable {
    public let bytes: [UInt8]
    public let entries: [ZipEntry]
    public let limits: ReaderLimits
    /// Position of the first entry of each name, and of each name folded (ASCII lower case, `\` → `/`,
    /// for producers whose part names differ in case); only for archives with more entries than
    /// `ZipArchive.scanned`: a workbook's dozen are looked through instead (hashing every name
    /// twice per file cost more than the lookups).
    private let index: [String: Int]?
    private let foldedIndex: [String: Int]?
    static let scanned = 32

    public init(bytes: [UInt8], limits: ReaderLimits = .default) throws(XLSXError) {
        self.bytes = bytes
        self.limits = limits
        let entries = try ZipArchive.readCentralDirectory(bytes, limits: limits)
        self.entries = entries
        guard entries.count > ZipArchive.scanned else {
            index = nil
            foldedIndex = nil
            return
        }
        var index = [String: Int](minimumCapacity: entries.count)
        var folded = [String: Int](minimumCapacity: entries.count)
        for (i, e) in entries.enumerated() {
            if index[e.name] == nil { index[e.name] = i }
            let f = ZipArchive.fold(e.name)
            if folded[f] == nil { folded[f] = i }
        }
        self.index = index
        self.foldedIndex = folded
    }

    /// ASCII-only folding at byte level: looked up for every part of every file, so no Foundation.
    static func fold(_ name: String) -> String {
        String(decoding: name.utf8.map(foldedByte), as: UTF8.self)
    }

    /// One byte of `fold`: `\` → `/`, ASCII upper case → lower case.
    @inline(__always) static func foldedByte(_ c: UInt8) -> UInt8 {
        c == UInt8(ascii: "\\") ? UInt8(ascii: "/") : c >= 65 && c <= 90 ? c + 32 : c
    }

    public init(path: String, limits: ReaderLimits = .default) throws(XLSXError) {
        try self.init(bytes: FileBytes.load(path), limits: limits)
    }

    /// Exact name first; then case-insensitive and backslash-tolerant, because some
    /// producers write `xl\worksheets\...` or differ in case from their relationships.
    public func entry(named name: String) -> ZipEntry? {
        if let index, let foldedIndex {
            if let i = index[name] ?? foldedIndex[ZipArchive.fold(name)] { return entries[i] }
            return nil
        }
        // The first exact match, else the first folded one: what the two tables give.
        if let i = entries.indices.first(where: { entries[$0].name == name }) { return entries[i] }
        if let i = entries.indices.first(where: { ZipArchive.foldedEqual(entries[$0].name, name) }) { return entries[i] }
        return nil
    }

    /// `fold(a) == fold(b)`, on the bytes when both are ASCII (String equality is canonical
    /// equivalence, which for ASCII is byte equality), without making the folded Strings.
    static func foldedEqual(_ a: String, _ b: String) -> Bool {
        // On the contiguous bytes: iterating the UTF8Views cost more than the lookups it served.
        var a = a, b = b
        let ascii: Bool? = a.withUTF8 { x in
            b.withUTF8 { y in
                func isASCII(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
                    var any: UInt8 = 0
                    for c in p { any |= c }
                    return any < 0x80
                }
                guard isASCII(x) && isASCII(y) else { return nil }
                guard x.count == y.count else { return false }
                for i in 0 ..< x.count where foldedByte(x[i]) != foldedByte(y[i]) { return false }
                return true
            }
        }
        return ascii ?? (fold(a) == fold(b))
    }

    /// The uncompressed bytes of the named entry.
    public func extract(_ name: String) throws(XLSXError) -> [UInt8] {
        guard let e = entry(named: name) else { throw .missingPart(name) }
        return try extract(e, budget: limits.maxTotalInflated)
    }

    /// The uncompressed bytes of `entry`, inflating at most `budget` bytes.
    public func extract(_ entry: ZipEntry, budget: Int) throws(XLSXError) -> [UInt8] {
        if entry.isEncrypted { throw .encryptedEntry(entry.name) }
        let dataStart = try self.dataStart(entry)
        // Trust the central directory's size but never read past the end of the file.
        let available = bytes.count - dataStart
        let compressed = min(entry.compressedSize, available)
        let maxOut = min(limits.maxEntrySize, budget)
        let which = maxOut == limits.maxEntrySize ? "maxEntrySize" : "maxTotalInflated"
        switch entry.method {
        case 0:
            if entry.compressedSize > available { throw .truncated }
            if compressed > maxOut { throw .limitExceeded(which: which, limit: maxOut) }
            let data = Array(bytes[dataStart ..< dataStart + compressed])
            try verify(data, entry)
            return data
        case 8:
            return try bytes.withUnsafeBufferPointer { buf throws(XLSXError) in
                // Some writers leave the compressed size 0 with a data descriptor: give zlib the rest.
                let count = entry.compressedSize == 0 ? available : compressed
                let input = UnsafeBufferPointer(rebasing: buf[dataStart ..< dataStart + count])
                let data = try Inflate.raw(input, expectedSize: min(entry.uncompressedSize, maxOut),
                                           maxOutput: maxOut, limits: limits, limitName: which)
                try verify(data, entry)
                return data
            }
        default:
            throw .unsupportedCompression(method: entry.method, entry: entry.name)
        }
    }

    /// Where the entry's stored bytes begin, after its local header.
    private func dataStart(_ entry: ZipEntry) throws(XLSXError) -> Int {
        let start = entry.localHeaderOffset
        guard start >= 0, start <= bytes.count - 30 else { throw .truncated }
        guard u32(bytes, start) == 0x0403_4b50 else { throw .corruptZip("bad local header for \(entry.name)") }
        let nameLen = Int(u16(bytes, start + 26)), extraLen = Int(u16(bytes, start + 28))
        let dataStart = start + 30 + nameLen + extraLen
        guard dataStart <= bytes.count else { throw .truncated }
        return dataStart
    }

    /// The entry's bytes as stored (compressed), as far as the file has them: what `extract` inflates.
    func storedRange(_ entry: ZipEntry) throws(XLSXError) -> Range<Int> {
        let start = try dataStart(entry)
        let available = bytes.count - start
        let count = entry.method == 8 && entry.compressedSize == 0 ? available : min(entry.compressedSize, available)
        return start ..< start + count
    }

    /// A CRC mismatch means the bytes are not what the writer stored (damaged transfer,
    /// or a writer whose sizes lie): reading on would yield garbage XML.
    private func verify(_ data: [UInt8], _ entry: ZipEntry) throws(XLSXError) {
        guard limits.verifyChecksums else { return }
        let crc = data.withUnsafeBufferPointer { buf in renkei_crc32(0, buf.baseAddress, buf.count) }
        if crc != entry.crc32 { throw .corruptZip("CRC mismatch in \(entry.name)") }
    }

    // MARK: - Central directory

    private static func readCentralDirectory(_ b: [UInt8], limits: ReaderLimits) throws(XLSXError) -> [ZipEntry] {
        guard b.count >= 22 else { throw b.starts(with: [0x50, 0x4b]) ? .truncated : .notAZip }
        // The EOCD record is last, followed by a comment of up to 65,535 bytes.
        var eocd = -1
        var p = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while p >= lowest {
            if b[p] == 0x50 && b[p + 1] == 0x4b && b[p + 2] == 5 && b[p + 3] == 6 { eocd = p; break }
            p -= 1
        }
        guard eocd >= 0 else {
            throw b.starts(with: [0x50, 0x4b, 3, 4]) ? .truncated : .notAZip
        }
        var count = Int(u16(b, eocd + 10))
        var cdSize = Int(u32(b, eocd + 12))
        var cdOffset = Int(u32(b, eocd + 16))
        // ZIP64: the locator sits just before the EOCD and points to the ZIP64 EOCD record.
        if eocd >= 20 && u32(b, eocd - 20) == 0x0706_4b50 {
            let z = Int(clamping: u64(b, eocd - 12))
            guard z >= 0, z <= b.count - 56, u32(b, z) == 0x0606_4b50 else {
                throw .corruptZip("ZIP64 end record not found")
            }
            count = Int(clamping: u64(b, z + 32))
            cdSize = Int(clamping: u64(b, z + 40))
            cdOffset = Int(clamping: u64(b, z + 48))
        }
        if count > limits.maxZipEntries { throw .limitExceeded(which: "maxZipEntries", limit: limits.maxZipEntries) }
        if count == 0 { return [] }
        // Archives with a prefix (self-extractors, mail gateways) shift every offset.
        var shift = 0
        if cdOffset + cdSize > b.count || u32(b, cdOffset) != 0x0201_4b50 {
            let guess = eocd - cdSize
            if guess >= 0, u32(b, guess) == 0x0201_4b50 {
                shift = guess - cdOffset
            } else {
                throw cdOffset + cdSize > b.count ? .truncated : .corruptZip("central directory not where the end record says")
            }
        }
        var pos = cdOffset + shift
        var entries: [ZipEntry] = []
        entries.reserveCapacity(count)
        for _ in 0 ..< count {
            guard pos >= 0, pos + 46 <= b.count else { throw .truncated }
            guard u32(b, pos) == 0x0201_4b50 else { throw .corruptZip("bad central directory entry") }
            let flags = u16(b, pos + 8)
            let method = Int(u16(b, pos + 10))
            let time = u16(b, pos + 12), date = u16(b, pos + 14)
            let crc = u32(b, pos + 16)
            var csize = Int(u32(b, pos + 20)), usize = Int(u32(b, pos + 24))
            let nameLen = Int(u16(b, pos + 28)), extraLen = Int(u16(b, pos + 30)), commentLen = Int(u16(b, pos + 32))
            var offset = Int(u32(b, pos + 42))
            let nameStart = pos + 46
            guard nameStart + nameLen + extraLen <= b.count else { throw .truncated }
            var x = nameStart + nameLen
            let xEnd = x + extraLen
            var unicodePath: ArraySlice<UInt8>? = nil
            var extended: Date? = nil
            var aes = false
            while x + 4 <= xEnd {
                let id = u16(b, x), len = Int(u16(b, x + 2))
                let body = x + 4 ..< min(x + 4 + len, xEnd)
                if id == 0x7075 {
                    unicodePath = b[body]
                } else if id == 0x5455, body.count >= 5, b[body.lowerBound] & 1 != 0 {
                    // Extended timestamp: flags byte, then mtime as signed 32-bit Unix seconds.
                    extended = Date(timeIntervalSince1970: Double(Int32(bitPattern: u32(b, body.lowerBound + 1))))
                } else if id == 0x9901 {
                    aes = true
                } else if id == 1 {
                    // ZIP64 extra field carries whichever 32-bit fields are saturated.
                    var f = x + 4
                    if usize == 0xFFFF_FFFF, f + 8 <= xEnd { usize = Int(clamping: u64(b, f)); f += 8 }
                    if csize == 0xFFFF_FFFF, f + 8 <= xEnd { csize = Int(clamping: u64(b, f)); f += 8 }
                    if offset == 0xFFFF_FFFF, f + 8 <= xEnd { offset = Int(clamping: u64(b, f)) }
                }
                x += 4 + len
            }
            let (name, encoding) = ZipEntryName.decode(b[nameStart ..< nameStart + nameLen], utf8Flag: flags & 0x0800 != 0,
                                                       unicodePath: unicodePath)
            entries.append(ZipEntry(name: name, nameEncoding: encoding, compressedSize: csize, uncompressedSize: usize,
                                    method: method, crc32: crc, localHeaderOffset: offset + shift, flags: flags,
                                    dosModified: DOSDateTime(date: date, time: time), extendedModified: extended,
                                    isEncrypted: flags & 0x41 != 0 || method == 99 || aes))
            pos = nameStart + nameLen + extraLen + commentLen
        }
        return entries
    }
}

@inline(__always) func u16(_ b: [UInt8], _ p: Int) -> UInt16 {
    guard p >= 0, p + 2 <= b.count else { return 0 }
    return UInt16(b[p]) | UInt16(b[p + 1]) << 8
}
@inline(__always) func u32(_ b: [UInt8], _ p: Int) -> UInt32 {
    guard p >= 0, p + 4 <= b.count else { return 0 }
    return UInt32(b[p]) | UInt32(b[p + 1]) << 8 | UInt32(b[p + 2]) << 16 | UInt32(b[p + 3]) << 24
}
@inline(__always) func u64(_ b: [UInt8], _ p: Int) -> UInt64 {
    UInt64(u32(b, p)) | UInt64(u32(b, p + 4)) << 32
}

/// Whole-file reads without Foundation's Data round trip.
enum FileBytes {
    static func load(_ path: String) throws(XLSXError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, size - got) }
            if n < 0 { if errno == EINTR { continue }; throw .io(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            got += n
        }
        if got < size { out.removeSubrange(got...) }
        return out
    }
}

extension ZipArchive {
    /// A whole file's bytes (for callers that open bundles or replay inputs).
    public static func fileBytes(_ path: String) throws(XLSXError) -> [UInt8] { try FileBytes.load(path) }
}
