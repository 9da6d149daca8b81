import Foundation
import ReportKit
import SurveyModel

/// 見える化/: the static dashboard every run writes beside its workbooks. Opened by double click
/// (file://) or from any web server; it loads nothing from outside its folder. One output of the
/// registry (`ReportOutputs.all`): its pages are written by the run's one parallel writer.
///
///     見える化/index.html, dashboard.css, dashboard.js            national (prefecture aggregates only)
///     見える化/prefectures/13_東京都/index.html (+ css, js)      one prefecture, self-contained
///     見える化/prefectures/13_東京都/karte/131016_千代田区.html    one page per municipality (カルテ)
public enum DashboardWriter: ReportOutput {
    public static let folder = "見える化"
    public static let indexPath = folder + "/index.html"
    /// A folder of pages: every page and asset of it is this output's.
    public static let pattern = folder + "/"
    /// Pages for reading only: a night may go without them (`run --omit 見える化`).
    public static let omittable = true
    public static let purpose = "見える化（静的なダッシュボード。全国・都道府県別の地図と表、市区町村のカルテ）。index.html をブラウザで開く。prefectures/NN_都道府県名/ はその都道府県の分のみ"

    public static func files(_ ctx: ReportContext) -> [OutputFile] { files(ctx.input, map: .embedded) }

    /// Every page and asset, relative to the run folder: the national page, each prefecture's page
    /// and assets, then the カルテ. What the pages read is made by the first page a worker writes (the
    /// context once, a prefecture's カルテ page once per prefecture), not before the writer starts:
    /// the other cores go on with the workbooks meanwhile.
    static func files(_ input: ReportInput, map: MapData) -> [OutputFile] {
        let municipalities = DashboardContext.municipalities(input)
        let shared = Memo<Int, (ctx: DashboardContext, peers: [MunicipalityKind: [Int]])>()
        let made: @Sendable () -> (ctx: DashboardContext, peers: [MunicipalityKind: [Int]]) = {
            shared.value(0) {
                let ctx = DashboardContext(input, map: map, municipalities: municipalities)
                return (ctx, KartePage.initiativeCounts(ctx))
            }
        }
        let css = Data(Assets.cssText.utf8), js = Data(Assets.jsText.utf8)
        var files: [OutputFile] = [.bytes(indexPath) { Data(NationalPage.render(made().ctx)) },
                                   .bytes(folder + "/" + Assets.css) { css },
                                   .bytes(folder + "/" + Assets.js) { js }]
        var kartes: [[OutputFile]] = []
        for pref in input.prefectures {
            let dir = folder + "/" + DashboardContext.folder(pref)
            files += [.bytes(dir + "/index.html") { Data(PrefecturePage.render(made().ctx, pref)) },
                      .bytes(dir + "/" + Assets.css) { css },
                      .bytes(dir + "/" + Assets.js) { js }]
            // The page around a カルテ and the cells its prefecture's カルテ share: made once per prefecture.
            let karte = Memo<Int, KartePage.Prepared>()
            kartes.append((municipalities[pref.prefCode] ?? []).enumerated().map { k, m in
                .bytes(dir + "/" + DashboardContext.karte(m)) {
                    let (ctx, peers) = made()
                    return Data(KartePage.page(ctx, pref, k, karte.value(0) { KartePage.Prepared(ctx, pref) }, peers: peers))
                }
            })
        }
        // One prefecture's カルテ after another's: workers writing side by side create files in
        // different folders, not queued on one folder's lock in the file system.
        for k in 0 ..< (kartes.map(\.count).max() ?? 0) {
            for list in kartes where k < list.count { files.append(list[k]) }
        }
        return files
    }

    /// The dashboard alone into `runFolder` (which must exist), listing what it wrote relative to
    /// it: the registry's own files through the run's writer. Same input, same bytes.
    public static func write(_ input: ReportInput, to runFolder: String, map: MapData = .embedded) throws -> [WrittenFile] {
        try ReportWriter.write([(contacts: holdsContacts, files: files(input, map: map))], to: runFolder)
    }
}
