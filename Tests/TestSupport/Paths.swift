import Foundation

/// The package root, found by walking up from this file.
public func packageRoot(_ file: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        url.deleteLastPathComponent()
    }
    fatalError("Package.swift not found above \(file)")
}

/// Where the tests find the package's own files.
public enum Paths {
    public static let root = packageRoot()
    /// Small committed inputs: producers' workbooks, codebooks, scripts.
    public static let fixtures = root.appendingPathComponent("Fixtures")
    public static let sources = root.appendingPathComponent("Sources")
    /// The embedded master list, for tests that make a modified one.
    public static let municipalitiesCSV = sources.appendingPathComponent("SurveyModel/Resources/municipalities.csv")
}
