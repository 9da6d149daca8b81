import Foundation
import Forms
import SurveyModel

/// Decides who answers what, which faults go where and what each file should become.
struct Planner {
    let options: SimulationOptions
    let model: AnswerModel
    var files: [SimulationPlan.File] = []
    var fileKeys: [AnswerKey.FileKey] = []
    var respondents: [AnswerKey.RespondentKey] = []
    var missing: [String] = []

    init(_ options: SimulationOptions) {
        self.options = options
        model = AnswerModel(codebook: options.codebook, master: options.master, seed: options.seed)
    }

    /// One respondent's clean answers, faults and the file(s) carrying them.
    struct Submission {
        var respondent: Respondent
        var recipient: FormRecipient
        var folder: String
        var fileName: String
        var document: FormDocument
        var key: AnswerKey.RespondentKey
        var modified: Date
        var fileFaults: [String]
        var expectedState: (String, String)
    }

    mutating func plan() -> SimulationPlan {
        let master = options.master
        let prefs = master.prefectures.filter { options.prefectures?.contains($0.prefCode) ?? true }
        var subs: [Submission] = []
        let cb = options.codebook
        let coordForm = cb.formsFor(.eachCoordinator).first
        for p in prefs {
            var prng = SplitMix64(seed: options.seed, key: "pref:\(p.code)")
            for form in cb.formsFor(.eachPrefecture) {
                guard let s = submission(.prefecture(p, form: form.id), respondent: Respondent(form: form.id, code: p.code)) else { continue }
                subs.append(s)
                if let coordForm, let q = form.question(role: .coordinatorCount),
                   case .integer(let n)? = s.key.truth[q.id]?.answerValue {
                    for i in 1...max(1, n) { if let c = coordinator(.coordinator(of: p, number: i, form: coordForm.id), &prng) { subs.append(c) } }
                }
            }
            for m in master.municipalities(inPrefecture: p.prefCode) {
                var mrng = SplitMix64(seed: options.seed, key: "muni:\(m.code)")
                if options.scale < 1, !mrng.chance(options.scale) { continue }
                if mrng.chance(options.rates.neverAnswers) {
                    missing += cb.formsFor(.eachMunicipality).map { Respondent(form: $0.id, code: m.code).description }
                    continue
                }
                for form in cb.formsFor(.eachMunicipality) {
                    guard let s = submission(.municipality(m, form: form.id), respondent: Respondent(form: form.id, code: m.code)) else { continue }
                    subs.append(s)
                    if let coordForm, let q = form.question(role: .coordinatorCount), case .integer(let n)? = s.key.truth[q.id]?.answerValue {
                        for i in 1...max(1, n) { if let c = coordinator(.coordinator(of: m, number: i, form: coordForm.id), &mrng) { subs.append(c) } }
                    }
                }
            }
        }
        let audience = Dictionary(uniqueKeysWithValues: cb.forms.map { ($0.id, $0.audience) })
        if options.rates.guaranteesEachFileFault, missing.isEmpty, let muniForm = cb.municipalityForm,
           let i = subs.lastIndex(where: { $0.respondent.form == muniForm.id }) {
            // At least one municipality that never answers (its coordinators go with it).
            let code = subs[i].respondent.code
            missing += cb.formsFor(.eachMunicipality).map { Respondent(form: $0.id, code: code).description }
            subs.removeAll { $0.respondent.code == code && audience[$0.respondent.form] != .eachPrefecture }
        }
        layOut(subs)
        let key = AnswerKey(seed: options.seed, codebookID: options.codebook.id, codebookVersion: options.codebook.version,
                            prefectures: prefs.map(\.prefCode), rates: options.rates,
                            files: fileKeys.sorted { ($0.path, $0.member ?? "") < ($1.path, $1.member ?? "") },
                            respondents: respondents.sorted { $0.respondent < $1.respondent },
                            missing: missing.sorted())
        return SimulationPlan(files: files, key: key)
    }

    func coordinator(_ r: FormRecipient, _ rng: inout SplitMix64) -> Submission? {
        // One in five coordinators fills in the blank form and types code and number themselves.
        let blank = rng.chance(0.2)
        return submission(r, respondent: Respondent(form: r.form, code: r.code!, coordinatorNumber: r.coordinatorNumber),
                          blankForm: blank)
    }

    func submission(_ recipient: FormRecipient, respondent: Respondent, blankForm: Bool = false) -> Submission? {
        guard let form = options.codebook.form(respondent.form) else { return nil }
        var rng = SplitMix64(seed: options.seed, key: respondent.description)
        let truth = model.answers(respondent, rng: &rng)
        var typed = TypedAnswers(truth)
        let injector = FaultInjector(rates: options.rates, model: model)
        let faults = injector.inject(into: &typed, form: form, truth: truth, rng: &rng)
        var filled = typed.filled(form: form)
        filled.merge(Contacts.fill(form: form, code: respondent.code, number: respondent.coordinatorNumber, rng: &rng)) { a, _ in a }
        var docRecipient = recipient
        if blankForm {
            docRecipient = .blankCoordinator(form: form.id)
            if let q = form.identity(.code) { filled[q.id] = .text(respondent.code) }
            if let q = form.identity(.coordinatorNumber), let n = respondent.coordinatorNumber { filled[q.id] = .number(Double(n)) }
        }
        var edits = FormEdits(modified: CollectionWindow.date(&rng))
        var fileFaults: [String] = []
        if rng.chance(options.rates.insertedRows) {
            let qs = form.questions.filter { $0.identity == nil }
            edits.insertRows = RowInsertion(beforeQuestion: rng.pick(qs).id, count: rng.int(1...3), text: rng.pick(["※補足：", "", "（前年度から変更あり）"]))
            fileFaults.append("inserted-rows")
        }
        if rng.chance(options.rates.renamedSheet) {
            edits.answerSheetName = rng.pick(["Sheet1", "回答（\(recipient.organisationName ?? "")）", "回答 (2)", "調査票"])
            fileFaults.append("renamed-sheet")
        }
        let doc = FormDocument(codebook: options.codebook, form: form, recipient: docRecipient, filled: filled, edits: edits)
        let outcome = typed.expected(form: form)
        let errors = outcome.issues.contains { $0.severity == "error" }
        let warnings = outcome.issues.contains { $0.severity == "warning" }
        let state = errors ? ("acceptedWithErrors", "accepted-with-errors")
            : ("accepted", warnings ? "accepted-with-warnings" : "accepted")
        var fileName = recipient.fileName(stem: form.fileStem)
        if blankForm { fileName = "\(form.fileStem)_\(recipient.organisationName ?? respondent.code)_No\(respondent.coordinatorNumber ?? 0).xlsx" }
        let key = AnswerKey.RespondentKey(
            respondent: respondent.description, form: respondent.form.rawValue, code: respondent.code,
            coordinatorNumber: respondent.coordinatorNumber, file: "", truth: truth.keyValues,
            expected: outcome.answers.keyValues, faults: faults, issues: outcome.issues, noAnswer: outcome.noAnswer)
        return Submission(respondent: respondent, recipient: recipient, folder: recipient.folderName ?? "",
                          fileName: fileName, document: doc, key: key, modified: edits.modified!,
                          fileFaults: fileFaults, expectedState: state)
    }
}
