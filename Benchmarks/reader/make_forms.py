#!/usr/bin/env python3
"""Builds survey-sized workbooks for the reader benchmark.

Each file looks like a returned 在宅医療・介護連携推進事業 form: a cover block (municipality,
respondent, date), ~150 question rows with Japanese labels, dropdown data validations and
answers, a hidden list sheet and a defined name; 20–60 KB each.

usage: make_forms.py OUT_DIR [COUNT]
"""
import datetime
import os
import random
import sys

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

TOPICS = ["在宅医療", "介護連携", "多職種研修", "入退院支援", "看取り", "認知症対応", "相談窓口", "地域ケア会議",
          "情報共有ツール", "住民啓発", "医師会との連携", "訪問看護", "後方支援病床", "ACP", "災害時対応"]
CHOICES = ["実施している", "実施していない", "検討中", "該当なし"]


def make(path: str, seed: int) -> None:
    rnd = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "調査票"
    lists = wb.create_sheet("選択肢")
    lists.sheet_state = "hidden"
    for i, c in enumerate(CHOICES, 1):
        lists.cell(row=i, column=1, value=c)
    ws["A1"] = "令和5年度 在宅医療・介護連携推進事業 実施状況調査"
    ws["A3"], ws["B3"] = "都道府県名", rnd.choice(["北海道", "青森県", "東京都", "大阪府", "沖縄県"])
    ws["A4"], ws["B4"] = "市区町村コード", f"{rnd.randint(10000, 479999):06d}"
    ws["A5"], ws["B5"] = "市区町村名", rnd.choice(["札幌市", "八戸市", "千代田区", "堺市", "那覇市"]) 
    ws["A6"], ws["B6"] = "記入者", "担当　" + rnd.choice(["山田", "佐藤", "鈴木", "高橋"])
    ws["A7"], ws["B7"] = "記入日", datetime.date(2023, 8, rnd.randint(1, 31))
    ws["B7"].number_format = "yyyy/m/d"
    ws.merge_cells("A1:F1")
    dv = DataValidation(type="list", formula1="=選択肢!$A$1:$A$4", allow_blank=True)
    ws.add_data_validation(dv)
    num = DataValidation(type="whole", operator="between", formula1="0", formula2="99999")
    ws.add_data_validation(num)
    from openpyxl.styles import Border, PatternFill, Side
    side = Side(style="thin")
    thin = Border(left=side, right=side, top=side, bottom=side)
    yellow = PatternFill("solid", fgColor="FFF2CC")
    row = 10
    for q in range(1, 151):
        topic = TOPICS[q % len(TOPICS)]
        ws.cell(row=row, column=1, value=f"問{q}")
        ws.cell(row=row, column=2, value=f"{topic}について、貴自治体の取組状況を選択してください（設問{q}）")
        answer = ws.cell(row=row, column=3)
        if q % 5 == 0:
            num.add(answer.coordinate)
            if rnd.random() < 0.9:
                answer.value = rnd.randint(0, 500)
        else:
            dv.add(answer.coordinate)
            if rnd.random() < 0.9:
                answer.value = rnd.choice(CHOICES)
        answer.border = thin
        answer.fill = yellow
        if q % 10 == 0:
            ws.cell(row=row, column=4, value=rnd.choice(["", "特になし", "関係機関と協議中。次年度に実施予定。"]) or None)
        # 職種別の人数 (医師, 歯科医師, 薬剤師, 看護師, 介護支援専門員, その他) and a note.
        for k in range(6):
            c = ws.cell(row=row, column=5 + k)
            num.add(c.coordinate)
            c.border = thin
            if rnd.random() < 0.8:
                c.value = rnd.randint(0, 120)
        if rnd.random() < 0.5:
            ws.cell(row=row, column=11, value=f"{rnd.choice(TOPICS)}の{rnd.choice(CHOICES)}件について{rnd.randint(1, 99)}回協議（{rnd.choice(['保健所', '医師会', '地域包括支援センター'])}）")
        row += 1
    free = wb.create_sheet("自由記述")
    free["A1"] = "取組の具体的な内容・課題（自由記述）"
    for r in range(2, 2 + rnd.randint(40, 400)):
        free.cell(row=r, column=1, value=f"項目{r - 1}")
        free.cell(row=r, column=2, value="。".join(
            f"{rnd.choice(TOPICS)}に関して{rnd.choice(['保健所', '医師会', '訪問看護ステーション', '地域包括支援センター'])}と"
            f"{rnd.choice(['連携', '協議', '情報共有', '研修'])}を{rnd.randint(1, 30)}回実施した" for _ in range(rnd.randint(1, 4))))
    from openpyxl.workbook.defined_name import DefinedName
    wb.defined_names["回答者"] = DefinedName("回答者", attr_text="調査票!$B$6")
    wb.save(path)


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/out/forms"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        make(os.path.join(out, f"form-{i:04d}.xlsx"), i)
    sizes = [os.path.getsize(os.path.join(out, f)) for f in os.listdir(out) if f.endswith(".xlsx")]
    print(f"{len(sizes)} forms in {out}, {min(sizes) // 1024}-{max(sizes) // 1024} KB")


if __name__ == "__main__":
    main()
