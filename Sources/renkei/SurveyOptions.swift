import ArgumentParser

/// Options shared by `validate` and `run`: which survey, which master list, which limits.
struct SurveyOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "Codebook YAML (default: the embedded R5 codebook; see `renkei codebook`).")
    var codebook: String?

    @ArgumentParser.Option(name: .long, help: "Municipalities CSV replacing the embedded master list (code,pref_code,prefecture,name,kana,kind).")
    var master: String?
}

