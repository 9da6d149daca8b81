import ArgumentParser

@main
struct Renkei: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renkei",
        abstract: "Tabulates the 在宅医療・介護連携推進事業 survey: returned workbooks in, validated reports out.",
        discussion: """
            A year's work: `renkei template` writes the forms to send out; returned files are \
            collected in an inbox folder; `renkei validate` checks them; `renkei run` (nightly, \
            from cron) checks everything and publishes the reports. `renkei simulate` makes a \
            realistic demo inbox.
            """,
        version: RenkeiVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, Template.self, Simulate.self,
                      CodebookCommand.self, Cells.self]
    )
}
