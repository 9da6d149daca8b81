import Foundation

/// How the process uses glibc's allocator: the only place renkei talks to malloc directly.
public enum MemoryPolicy {
    /// Large blocks (a workbook's bytes, a part's XML, a report's table) go straight to the kernel
    /// and back when freed: glibc's default raises this threshold after the first large free, and
    /// later ones then stay in the threads' arenas (at 10× the nation ~40 MB of peak RSS).
    static let mmapThreshold: Int32 = 4 << 20

    /// Called once, first thing in `main`, before any thread exists.
    public static func apply() {
        #if os(Linux)
        _ = glibcMallopt(mOptionMmapThreshold, mmapThreshold)
        #endif
    }

    /// Gives memory freed in the worker threads' arenas back to the kernel (after the parse stage:
    /// its garbage sits where the reports stage's threads cannot reuse it).
    static func trim() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `M_MMAP_THRESHOLD`: malloc.h (mallopt, malloc_trim) is not in Swift's Glibc module.
private let mOptionMmapThreshold: Int32 = -3
@_silgen_name("mallopt") private func glibcMallopt(_ option: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
