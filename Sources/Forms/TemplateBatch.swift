import Dispatch
import Foundation
import SurveyModel

/// Writes many forms at once (`renkei template`): one workbook per thread at a time,
/// files organised by prefecture as `13_東京都/市町村票_131016_千代田区.xlsx`.
public struct TemplateBatch: Sendable {
    public struct Item: Sendable {
        public var document: FormDocument
        /// Path relative to the output folder.
        public var relativePath: String
        public init(document: FormDocument, relativePath: String) {
            self.document = document; self.relativePath = relativePath
        }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    public var items: [Item]

    public init(items: [Item]) { self.items = items }

    /// The items for recipients of a codebook; a recipient whose form the codebook lacks is skipped.
    public init(codebook: Codebook, recipients: [FormRecipient]) {
        items = recipients.compactMap { r in
            guard let form = codebook.form(r.form) else { return nil }
            let doc = FormDocument(codebook: codebook, form: form, recipient: r)
            let name = r.fileName(stem: form.fileStem)
            return Item(document: doc, relativePath: r.folderName.map { "\($0)/\(name)" } ?? name)
        }
    }

    /// Writes every item under `directory`; `progress(done, total)` is called from worker threads.
    /// Returns the failures (empty when all were written).
    @discardableResult
    public func write(to directory: URL, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [Failure] {
        let fm = FileManager.default
        let folders = Set(items.map { ($0.relativePath as NSString).deletingLastPathComponent })
        for folder in folders.sorted() {
            try fm.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let failures = items.parallelMap(progress: progress) { item -> Failure? in
            let path = directory.appendingPathComponent(item.relativePath).path
            do { try FormWriter.write(item.document, to: path); return nil } catch {
                return Failure(path: item.relativePath, message: "\(error)")
            }
        }
        return failures.compactMap { $0 }.sorted { $0.path < $1.path }
    }
}
