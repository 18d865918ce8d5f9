"""`python -m etl corrections export|import`: sharing corrections between colleagues."""

from __future__ import annotations

import csv
import io

from etl.cli import main
from etl.corrections import CHECKED, REJECTED, DocText, Snapshot, anchor_at
from etl.store import corrections as store

TEXT = "规划\n到2025年，全省港口综合通过能力达到28亿吨，集装箱通过能力达到2500万标箱。\n-3项工作=SUM(A1)完成。\n"
DOC = DocText("d1", "plan.txt", "规划", TEXT)


def anchor(number: str):
    start = TEXT.index(number)
    return anchor_at(DOC, start, start + len(number), "q_" + number)


def seed_corrections(folder) -> None:
    store.save(
        folder, anchor("28亿吨"), Snapshot(CHECKED, {"target_year": 2026, "indicator": '=HYPERLINK("x")'}), "甲", "edit"
    )
    store.save(folder, anchor("2500万标箱"), Snapshot(REJECTED, {}), "甲", "reject")
    store.save(
        folder,
        anchor("3项"),
        Snapshot(CHECKED, {"kind": "target", "value": 3.0, "unit": "项", "change": None}),
        "甲",
        "add",
        added=True,
    )


def state(folder) -> list[tuple]:
    return sorted((c.anchor.key(), c.added, c.snapshot.to_json()) for c in store.read_corrections(folder))


def last_line(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_export_then_import_elsewhere_gives_the_same_corrections_and_again_changes_nothing(tmp_path, capsys):
    mine, theirs, shared = tmp_path / "mine", tmp_path / "theirs", tmp_path / "shared.csv"
    seed_corrections(mine)
    assert main(["corrections", "export", str(shared), "--data-dir", str(mine)]) == 0
    assert main(["corrections", "import", str(shared), "--data-dir", str(theirs), "--who", "乙"]) == 0
    assert last_line(capsys) == "rows=3 new=3 changed=0 unchanged=0 rejected=0"
    assert state(theirs) == state(mine)
    assert set(store.read_audit(theirs)["who"]) == {"乙"} and set(store.read_audit(theirs)["action"]) == {"import"}
    assert main(["corrections", "import", str(shared), "--data-dir", str(theirs), "--who", "乙"]) == 0
    assert last_line(capsys) == "rows=3 new=0 changed=0 unchanged=3 rejected=0"
    assert len(store.read_audit(theirs)) == 3


def test_dry_run_reports_and_changes_nothing(tmp_path, capsys):
    mine, theirs, shared = tmp_path / "mine", tmp_path / "theirs", tmp_path / "shared.csv"
    seed_corrections(mine)
    store.save(theirs, anchor("28亿吨"), Snapshot(CHECKED, {"target_year": 2030}), "乙", "edit")
    main(["corrections", "export", str(shared), "--data-dir", str(mine)])
    before = state(theirs)
    assert main(["corrections", "import", str(shared), "--data-dir", str(theirs), "--dry-run", "--who", "乙"]) == 0
    out = capsys.readouterr().out
    assert "would be changed: 28亿吨" in out and "dry run: nothing was changed" in out
    assert out.strip().splitlines()[-1] == "rows=3 new=2 changed=1 unchanged=0 rejected=0"
    assert state(theirs) == before


def test_formula_cells_are_neutralised_in_the_file_and_read_back_exactly(tmp_path):
    mine, shared = tmp_path / "mine", tmp_path / "shared.csv"
    seed_corrections(mine)
    main(["corrections", "export", str(shared), "--data-dir", str(mine)])
    rows = list(csv.DictReader(io.StringIO(shared.read_bytes().decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert '\'=HYPERLINK("x")' in cells and any(c.startswith("'-3项") for c in cells)
    theirs = tmp_path / "theirs"
    main(["corrections", "import", str(shared), "--data-dir", str(theirs), "--who", "乙"])
    assert state(theirs) == state(mine)


def test_chinese_headers_in_gbk_as_excel_writes_them(tmp_path, capsys):
    mine, shared = tmp_path / "mine", tmp_path / "zh.csv"
    seed_corrections(mine)
    main(["corrections", "export", str(shared), "--data-dir", str(mine), "--chinese-headers"])
    text = shared.read_bytes().decode("utf-8-sig")
    assert text.startswith("状态,新增,文件标题,源文件")
    shared.write_bytes(text.encode("gbk"))
    theirs = tmp_path / "theirs"
    assert main(["corrections", "import", str(shared), "--data-dir", str(theirs), "--who", "乙"]) == 0
    assert state(theirs) == state(mine)


def test_bad_rows_are_reported_with_their_line_and_nothing_is_imported(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "状态,文件标题,原句,数字位置,数字,修改字段,目标年\n"
        "checked,规划,到2025年达到28亿吨。,8,28亿吨,target_year,2026\n"
        "checked,规划,到2025年达到28亿吨。,3,28亿吨,target_year,2026\n"
        "maybe,规划,到2025年达到28亿吨。,8,28亿吨,,\n"
        "checked,规划,到2025年达到28亿吨。,8,28亿吨,target_year,二零二六\n",
        "utf-8",
    )
    theirs = tmp_path / "theirs"
    assert main(["corrections", "import", str(bad), "--data-dir", str(theirs), "--who", "乙"]) == 1
    out = capsys.readouterr().out
    assert "line 3: number_text" in out and "line 4: state" in out and "line 5: target_year" in out
    assert out.strip().splitlines()[-1] == "rows=4 new=1 changed=0 unchanged=0 rejected=3"
    assert store.read_corrections(theirs) == []
    assert main(["corrections", "import", str(bad), "--data-dir", str(theirs), "--who", "乙", "--skip-bad-rows"]) == 1
    assert [c.snapshot.fields for c in store.read_corrections(theirs)] == [{"target_year": 2026}]


def test_a_file_that_is_not_a_corrections_csv_exits_2(tmp_path, capsys):
    other = tmp_path / "progress.csv"
    other.write_text("quantity_id,period,value\nq1,2024,5\n", "utf-8")
    assert main(["corrections", "import", str(other), "--data-dir", str(tmp_path / "d"), "--who", "x"]) == 2
    assert "no corrections header" in capsys.readouterr().err
