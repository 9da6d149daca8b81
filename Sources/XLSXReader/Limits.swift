/// Hard ceilings that keep a hostile or broken file from exhausting memory or time.
/// The defaults are far above any real survey form (20–60 KB, a few thousand cells).
public struct ReaderLimits: Sendable, Equatable {
    /// Largest uncompressed size of any one ZIP entry.
    public var maxEntrySize: Int
    /// Largest total of bytes inflated from one file, across all parts read.
    public var maxTotalInflated: Int
    /// Largest ratio uncompressed/compressed, checked once an entry passes `ratioThreshold`.
    public var maxCompressionRatio: Int
    /// Entries smaller than this are never judged by ratio (tiny XML compresses very well).
    public var ratioThreshold: Int
    /// Largest number of non-empty cells in one sheet.
    public var maxCellsPerSheet: Int
    /// Deepest XML element nesting accepted.
    public var maxXMLDepth: Int
    /// Largest number of entries in the ZIP central directory.
    public var maxZipEntries: Int
    /// Largest number of shared strings.
    public var maxSharedStrings: Int
    /// Check each entry's CRC-32. Off only for fuzzing, so mutated XML reaches the parsers.
    public var verifyChecksums: Bool = true

    public init(maxEntrySize: Int = 100 << 20,
                maxTotalInflated: Int = 300 << 20,
                maxCompressionRatio: Int = 200,
                ratioThreshold: Int = 1 << 20,
                maxCellsPerSheet: Int = 5_000_000,
                maxXMLDepth: Int = 256,
                maxZipEntries: Int = 10_000,
                maxSharedStrings: Int = 5_000_000) {
        self.maxEntrySize = maxEntrySize
        self.maxTotalInflated = maxTotalInflated
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioThreshold = ratioThreshold
        self.maxCellsPerSheet = maxCellsPerSheet
        self.maxXMLDepth = maxXMLDepth
        self.maxZipEntries = maxZipEntries
        self.maxSharedStrings = maxSharedStrings
    }

    public static let `default` = ReaderLimits()

    /// For the fuzz targets: small limits keep each run fast (the point is robustness, not
    /// capacity), and CRC checks are off so mutated parts reach the parsers.
    public static let fuzzing: ReaderLimits = {
        var l = ReaderLimits(maxEntrySize: 8 << 20, maxTotalInflated: 16 << 20, maxCellsPerSheet: 200_000)
        l.verifyChecksums = false
        return l
    }()
}
