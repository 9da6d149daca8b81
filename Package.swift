// swift-tools-version:6.2
// renkei — 在宅医療・介護連携推進事業 survey: returned workbooks in, validated reports out.
// Data flows one way: XLSXReader → Ingest → Tabulate → ReportKit; see README.md.
import PackageDescription

let package = Package(
    name: "renkei",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "renkei", targets: ["renkei"]),
        .library(name: "XLSXReader", targets: ["XLSXReader"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries (Debian: zlib1g-dev, libxlsxwriter-dev; `make deps` installs them).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter",
                       providers: [.apt(["libxlsxwriter-dev"]), .brew(["libxlsxwriter"])]),
        // SHA-256 of every input and output for run.json (uses the CPU's SHA instructions).
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),

        // zlib's CRC-32 with the CPU's carry-less multiply: every inflated part is checked against its ZIP CRC.
        .target(name: "CFastCRC", linkerSettings: [.linkedLibrary("z")]),
        // gmtime() with a buffer per thread, in place of glibc's one per process that libxlsxwriter dates workbooks with.
        .target(name: "CGmtime"),
        // Reading returned workbooks: ZIP + SpreadsheetML. Knows nothing of surveys.
        .target(name: "XLSXReader", dependencies: ["CZlib", "CFastCRC"]),
        // Writing workbooks through libxlsxwriter (cell positions spelled by the reader's CellRef). Knows nothing of surveys.
        .target(name: "XLSXWriter", dependencies: ["CXlsxWriter", "CGmtime", "XLSXReader"]),
        // The survey as data: codebook, master list, responses. Knows no files.
        .target(name: "SurveyModel",
                dependencies: [.product(name: "Yams", package: "Yams")],
                resources: [.embedInCode("Resources/r5-codebook.yaml"),
                            .embedInCode("Resources/municipalities.csv"),
                            .embedInCode("Resources/prefectures.csv")]),
        // The forms sent to respondents (renkei template).
        .target(name: "Forms", dependencies: ["SurveyModel", "XLSXWriter"]),
        // Inbox → accepted responses, issues (疑義) and the ledger.
        .target(name: "Ingest", dependencies: ["SurveyModel", "XLSXReader", "CZlib", "CCrypto"]),
        // Pure counting over accepted responses.
        .target(name: "Tabulate", dependencies: ["SurveyModel"]),
        // Report layouts (national, prefecture workbooks, CSV/JSON exports).
        .target(name: "ReportKit", dependencies: ["SurveyModel", "Ingest", "Tabulate", "XLSXReader", "XLSXWriter"]),
        // 見える化: static HTML dashboards (national, per prefecture, カルテ) with inline SVG maps.
        .target(name: "Dashboard",
                dependencies: ["SurveyModel", "Ingest", "Tabulate", "ReportKit"],
                resources: [.embedInCode("Resources/map.json"), .embedInCode("Resources/dashboard.css"),
                            .embedInCode("Resources/dashboard.js")]),
        // A realistic returned inbox with injected faults and an answer key.
        .target(name: "Simulate", dependencies: ["SurveyModel", "Forms", "XLSXWriter", "Ingest", "CZlib"]),
        // The nightly run as a library: lock, staging, shrink guard, publish, run record, previous
        // run, notify, and the registry of every output (it sees ReportKit and Dashboard). The CLI
        // parses options and calls it; tests drive whole runs through it.
        .target(name: "RenkeiRun", dependencies: [
            "XLSXReader", "SurveyModel", "Ingest", "Tabulate", "ReportKit", "Dashboard",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "renkei", dependencies: [
            "RenkeiRun", "XLSXReader", "SurveyModel", "Forms", "Ingest", "Tabulate", "ReportKit", "Simulate",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // libFuzzer target for the reader (`make fuzz`); a replay tool in normal builds.
        .executableTarget(name: "ReaderFuzz", dependencies: ["XLSXReader"]),
        // Times reading a folder of workbooks (`make bench-reader`).
        .executableTarget(name: "ReaderBench", dependencies: ["XLSXReader"]),
        // The floor under ingestion: inflate the parts renkei reads, nothing else (`make bench`).
        .executableTarget(name: "InflateFloor", dependencies: ["XLSXReader"]),
        // libFuzzer target for the whole ingestion of one file (`make verify`); a replay tool in normal builds.
        .executableTarget(name: "IngestFuzz", dependencies: ["Ingest", "SurveyModel", "XLSXReader"]),

        // What every test target shares: ZIP building on the one ZIP writer, sheet read-back, paths, R5 fixtures.
        .target(name: "TestSupport", dependencies: ["Simulate", "SurveyModel", "XLSXReader", "CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "XLSXReaderTests", dependencies: ["TestSupport", "XLSXReader", "CZlib", "CFastCRC"]),
        .testTarget(name: "XLSXWriterTests", dependencies: ["TestSupport", "XLSXWriter", "XLSXReader", "CGmtime"]),
        .testTarget(name: "SurveyModelTests", dependencies: ["TestSupport", "SurveyModel"]),
        .testTarget(name: "FormsTests", dependencies: ["TestSupport", "Forms", "XLSXReader", "SurveyModel", "Simulate", "Ingest", "Tabulate"]),
        .testTarget(name: "IngestTests", dependencies: ["TestSupport", "Ingest", "Forms", "XLSXReader", "SurveyModel"]),
        .testTarget(name: "TabulateTests", dependencies: ["TestSupport", "Tabulate", "SurveyModel"]),
        .testTarget(name: "ReportKitTests", dependencies: ["TestSupport", "ReportKit", "Dashboard", "RenkeiRun", "Ingest", "Tabulate", "Forms", "XLSXReader", "XLSXWriter", "SurveyModel"]),
        .testTarget(name: "RenkeiTests", dependencies: ["TestSupport", "renkei", "RenkeiRun", "ReportKit", "Tabulate", "Simulate", "Ingest", "XLSXReader", "SurveyModel"]),
    ]
)
