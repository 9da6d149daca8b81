import Foundation

/// Exit statuses of every command, for cron, systemd and scripts. This table is the one place
/// they are defined: every `--help` prints it, and a test checks docs/operator.md's table against it.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case clean = 0
    case inputErrors = 1
    case usage = 2
    case io = 3
    case locked = 4
    case held = 5
    case internalError = 6
    case interrupted = 130
    case terminated = 143

    /// What the status means, one Japanese line, as printed in `--help` (wrapped there) and docs/operator.md.
    public var meaning: String {
        switch self {
        case .clean: "正常に終わりました（run は公開しました）。入力に誤りはありません。初回の公開前に受付フォルダが空のとき（まだ公開するものがないとき）もこれです"
        case .inputErrors: "入力に誤りが見つかったか、不受理のファイルがあります（issues.csv、ledger.csv。run はそれでも公開しました）"
        case .usage: "使い方か設定の誤りです（オプションや値、設定ファイル、調査票定義、市町村名簿、受付フォルダ）。何も読んでいません"
        case .io: "入出力の失敗です（出力フォルダに書けない、ディスクの空きがない）。run の latest は変わりません"
        case .locked: "別の実行が出力フォルダをロックしています。何もしていません"
        case .held: "保留しました。runs/ に残しましたが公開していません。前回公開した実行より回答が大きく減っています（shrink_guard）"
        case .internalError: "内部エラーです（プログラムの不具合です。ログを添えて報告してください）。run の latest は変わりません"
        case .interrupted: "SIGINT（Ctrl-C）で停止しました（run は作業中のフォルダを削除し、latest は変わりません）"
        case .terminated: "SIGTERM（systemd の停止）で停止しました（run は作業中のフォルダを削除し、latest は変わりません）"
        }
    }

    /// The status in `--notify`'s environment and the summary JSON.
    public var name: String {
        switch self {
        case .clean: "clean"
        case .inputErrors: "input_errors"
        case .usage: "usage"
        case .io: "io"
        case .locked: "locked"
        case .held: "held"
        case .internalError: "internal_error"
        case .interrupted: "interrupted"
        case .terminated: "terminated"
        }
    }

    /// The statuses `run` can end with; `validate` has no publishing, lock or shrink guard.
    public static let run = allCases
    public static let validate: [ExitStatus] = [.clean, .inputErrors, .usage, .io, .internalError, .interrupted, .terminated]
    public static let other: [ExitStatus] = [.clean, .inputErrors, .usage, .io, .internalError]

    /// The heading of the block, which `renkei manual` finds it by.
    public static let helpHeading = "終了ステータス"

    /// The 終了ステータス block of a command's `--help`: each meaning wrapped to the terminal's
    /// width, its continuation lines indented under it.
    public static func helpText(_ statuses: [ExitStatus]) -> String {
        helpHeading + "\n" + statuses.map { status in
            "  \(String(status.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) "
                + HelpText.wrap(status.meaning, columns: HelpText.discussionColumns - 7, indent: 7)
        }.joined(separator: "\n")
    }
}
