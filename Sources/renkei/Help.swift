import ArgumentParser
import RenkeiRun

extension ArgumentHelp {
    /// An option's Japanese help, wrapped to the help column by display width (argument-parser
    /// wraps only at spaces). `valuesBelow`: argument-parser appends "(values: …)" or
    /// "(default: …)", counting characters; on a line of its own it cannot run past the width.
    static func ja(_ text: String, valueName: String? = nil, valuesBelow: Bool = false) -> ArgumentHelp {
        ArgumentHelp(HelpText.option(text) + (valuesBelow ? "\n" : ""), valueName: valueName)
    }
}
