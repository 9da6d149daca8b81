/// A category the tabulation is organised by: a care scene (場面) or a theme (テーマ), declared in
/// the codebook's `categories:` list (R5: four scenes, three themes). `id` fills `{cat}` in
/// question ids and is the stable key in files; `label` is what respondents and readers see.
public struct Category: Sendable, Hashable, Codable {
    public var id: String
    /// 日常の療養支援, 入退院支援, …
    public var label: String
    public var kind: Kind
    /// Position in the codebook's list (0-based): the order of rows in every report.
    public var order: Int

    public enum Kind: String, Sendable, Codable, CaseIterable { case scene = "場面", theme = "テーマ" }

    public init(id: String, label: String, kind: Kind, order: Int) {
        self.id = id; self.label = label; self.kind = kind; self.order = order
    }
}

extension Codebook {
    /// The category `id`, if the codebook declares it.
    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }
    /// The category labelled `label` (what a respondent may have typed).
    public func category(label: String) -> Category? { categories.first { $0.label == label } }
}
