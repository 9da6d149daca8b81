import ArgumentParser

@main
struct Renkei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renkei",
        abstract: "Tabulates the 在宅医療・介護連携推進事業 survey: returned workbooks in, validated reports out.",
        subcommands: [Cells.self]
    )
}
