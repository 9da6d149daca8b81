import Foundation
import Testing
@testable import XLSXWriter

/// Writes the sample workbook once and checks the XML parts hold what was asked for.
@Suite struct ContentTests {
    let file: URL

    init() throws {
        file = try temporaryDirectory().appendingPathComponent("sample.xlsx")
        try writeSample(to: file)
    }

    @Test func partsArePresent() throws {
        let names = Set(try entries(of: file))
        for name in ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                     "xl/worksheets/sheet3.xml", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml",
                     "xl/sharedStrings.xml", "xl/styles.xml", "docProps/core.xml", "docProps/app.xml"] {
            #expect(names.contains(name), "missing \(name)")
        }
    }

    @Test func textThatLooksLikeAFormulaStaysText() throws {
        let sheet = try part("xl/worksheets/sheet1.xml", of: file)
        let strings = try sharedStrings(of: file)
        for (ref, text) in [("A3", "=SUM(A1:A3)"), ("B3", "+81-3-1234"), ("C3", "-"), ("D3", "@home")] {
            let cell = try #require(cellXML(ref, in: sheet), "no cell \(ref)")
            #expect(cell.contains("t=\"s\""), "\(ref) is not a string cell: \(cell)")
            #expect(!cell.contains("<f>"), "\(ref) became a formula: \(cell)")
            let index = try #require(Int(cell.components(separatedBy: "<v>")[1].components(separatedBy: "</v>")[0]))
            #expect(strings[index] == text)
        }
    }

    @Test func valuesFormulasAndFormats() throws {
        let sheet = try part("xl/worksheets/sheet1.xml", of: file)
        let styles = try part("xl/styles.xml", of: file)
        #expect(cellXML("B2", in: sheet)?.contains("<v>0.681</v>") == true)
        #expect(cellXML("A4", in: sheet)?.contains("t=\"b\"") == true)
        #expect(cellXML("B4", in: sheet)?.contains("<v>42</v>") == true)
        #expect(cellXML("D4", in: sheet)?.contains("<f>B4*2</f><v>84</v>") == true)
        // 2023-11-14T22:13:20Z as an Excel serial.
        #expect(cellXML("A5", in: sheet)?.contains("<v>45244.9259259259") == true)
        #expect(styles.contains("formatCode=\"0.0%\""))
        #expect(styles.contains("formatCode=\"yyyy/m/d\""))
        #expect(styles.contains("<name val=\"游ゴシック\"/>"))
        #expect(styles.contains("<b/><sz val=\"14\"/>"))
        #expect(styles.contains("<fgColor rgb=\"FFFFF2CC\"/>"))
        #expect(styles.contains("<left style=\"thin\">"))
        #expect(styles.contains("<alignment horizontal=\"center\"/>"))
        #expect(styles.contains("<protection locked=\"0\"/>"))
        #expect(sheet.contains("<mergeCell ref=\"A6:D6\"/>"))
    }

    @Test func layoutViewAndPrintSetup() throws {
        let sheet = try part("xl/worksheets/sheet1.xml", of: file)
        let workbook = try part("xl/workbook.xml", of: file)
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"30.7109375\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<col min=\"6\" max=\"7\" width=\"5.7109375\" hidden=\"1\""))
        #expect(sheet.contains("<row r=\"1\" spans=\"1:4\" ht=\"24\" customHeight=\"1\">"))
        #expect(sheet.contains("<row r=\"8\" hidden=\"1\"/>"))
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<tabColor rgb=\"FFFF0000\"/>"))
        #expect(sheet.contains("showGridLines=\"0\" zoomScale=\"85\""))
        #expect(sheet.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"))
        #expect(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"))
        #expect(sheet.contains("<printOptions horizontalCentered=\"1\"/>"))
        #expect(sheet.contains("<pageMargins left=\"0.5\" right=\"0.5\""))
        #expect(sheet.contains("<oddHeader>&amp;C在宅医療・介護連携</oddHeader>"))
        #expect(sheet.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'表紙'!$1:$2</definedName>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">'表紙'!$A$1:$F$21</definedName>"))
        #expect(workbook.contains("<sheet name=\"_lists\" sheetId=\"3\" state=\"hidden\""))
        #expect(workbook.contains("activeTab=\"1\""))
        let data = try part("xl/worksheets/sheet2.xml", of: file)
        #expect(data.contains("<autoFilter ref=\"A1:B8\"/>"))
    }

    @Test func dataValidations() throws {
        let sheet = try part("xl/worksheets/sheet1.xml", of: file)
        #expect(sheet.contains("<dataValidations count=\"3\">"))
        #expect(sheet.contains("sqref=\"C6\"><formula1>\"設置している,設置していない\"</formula1>"))
        #expect(sheet.contains("type=\"whole\" errorStyle=\"warning\""))
        #expect(sheet.contains("errorTitle=\"入力エラー\" error=\"整数で入力してください\" promptTitle=\"人数\" prompt=\"0〜999 の整数\" sqref=\"B11:B21\"><formula1>0</formula1><formula2>999</formula2>"))
        #expect(sheet.contains("sqref=\"B10\"><formula1>_lists!$A$1:$A$6</formula1>"))
    }

    @Test func protection() throws {
        let sheet = try part("xl/worksheets/sheet1.xml", of: file)
        #expect(sheet.contains("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\"/>"))
        #expect(!sheet.contains("password="))
    }

    @Test func definedNamesGlobalAndLocal() throws {
        let workbook = try part("xl/workbook.xml", of: file)
        #expect(workbook.contains("<definedName name=\"選択肢\">_lists!$A$1:$A$6</definedName>"))
        #expect(workbook.contains("<definedName name=\"回答欄\" localSheetId=\"0\">'表紙'!$C$6</definedName>"))
    }

    @Test func conditionalFormats() throws {
        let sheet = try part("xl/worksheets/sheet2.xml", of: file)
        let styles = try part("xl/styles.xml", of: file)
        #expect(sheet.contains("<conditionalFormatting sqref=\"B2:B8\">"))
        #expect(sheet.contains("<cfRule type=\"colorScale\""))
        #expect(sheet.contains("<color rgb=\"FFFF0000\"/><color rgb=\"FFFFFF00\"/><color rgb=\"FF00B050\"/>"))
        #expect(sheet.contains("<cfRule type=\"dataBar\""))
        #expect(sheet.contains("<cfRule type=\"cellIs\" dxfId=\"0\" priority=\"3\" operator=\"lessThan\"><formula>0.3</formula>"))
        // The dxf carries only the colour asked for, not the default font.
        #expect(styles.contains("<dxfs count=\"1\"><dxf><font><color rgb=\"FFFF0000\"/></font></dxf></dxfs>"))
    }

    @Test func chart() throws {
        let chart = try part("xl/charts/chart1.xml", of: file)
        #expect(chart.contains("<c:barDir val=\"bar\"/>"))
        #expect(chart.contains("<c:f>'場面・テーマ別'!$A$2:$A$8</c:f>"))
        #expect(chart.contains("<c:f>'場面・テーマ別'!$B$2:$B$8</c:f>"))
        #expect(chart.contains("<c:tx><c:v>全国</c:v></c:tx>"))
        #expect(chart.contains("<a:t>場面別の実施率</a:t>"))
        #expect(chart.contains("<c:showVal val=\"1\"/>"))
        #expect(chart.contains("<c:legendPos val=\"b\"/>"))
        #expect(chart.contains("<c:pt idx=\"6\"><c:v>その他</c:v></c:pt>"))
        // Axis titles land on the axis of their role even though bar charts swap x and y.
        let catAx = try #require(chart.components(separatedBy: "<c:catAx>").last?.components(separatedBy: "</c:catAx>").first)
        let valAx = try #require(chart.components(separatedBy: "<c:valAx>").last?.components(separatedBy: "</c:valAx>").first)
        #expect(catAx.contains("<a:t>場面</a:t>"))
        #expect(valAx.contains("<a:t>割合</a:t>"))
        let drawing = try part("xl/drawings/drawing1.xml", of: file)
        #expect(drawing.contains("<xdr:graphicFrame"))
    }

    @Test func documentProperties() throws {
        let core = try part("docProps/core.xml", of: file)
        let app = try part("docProps/app.xml", of: file)
        #expect(core.contains("<dc:title>全国集計</dc:title>"))
        #expect(core.contains("<dc:creator>renkei</dc:creator>"))
        #expect(core.contains("<cp:keywords>集計, 全国</cp:keywords>"))
        #expect(core.contains("<dc:description>テスト</dc:description>"))
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>"))
        #expect(core.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified>"))
        #expect(app.contains("<Company>厚生労働省</Company>"))
    }
}
