"""etl.queries reads of links: restatements side by side, decisions applied, uploads winning
over document figures for the same period. Hand-made records through write_database."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl import queries
from etl.records import Document, Quantity
from etl.store.tracker import write_database

NATIONAL = Document("cn", "cn.txt", "“十四五”规划纲要", "国务院", "", "2021-03-13", "national", 1, 9, "")
JIANGSU = Document("js", "js.txt", "江苏省“十四五”规划纲要", "江苏省人民政府", "", "2021-03-20", "provincial", 1, 9, "")
ZHEJIANG = Document(
    "zj", "zj.txt", "浙江省“十四五”规划纲要", "浙江省人民政府", "", "2021-03-25", "provincial", 1, 9, ""
)
REVIEW = Document("rv", "rv.txt", "2023年统计公报", "国家统计局", "", "2024-02-28", "national", 1, 9, "")


def quantity(qid, doc, indicator, value, unit="%", kind="target", year=2025, seed=None) -> Quantity:
    return Quantity(
        qid,
        doc,
        seed or f"{doc}.txt",
        kind,
        indicator,
        value,
        None,
        unit,
        "=",
        None,
        None,
        year,
        False,
        None,
        f"{indicator}{value}{unit}",
        5,
        0,
        1,
        0.9,
    )


def database(tmp_path, quantities):
    path = tmp_path / "tracker.duckdb"
    write_database(path, [NATIONAL, JIANGSU, ZHEJIANG, REVIEW], quantities)
    return queries.connect(path)


def test_restatements_list_every_other_statement_with_its_own_value(tmp_path):
    con = database(
        tmp_path,
        [
            quantity("cn-urban", "cn", "常住人口城镇化率", 65),
            quantity("js-urban", "js", "常住人口城镇化率", 75),
            quantity("zj-urban", "zj", "常住人口城镇化率", 75),
        ],
    )
    try:
        from_jiangsu = queries.restatements(con, "js-urban")
        from_nation = queries.restatements(con, "cn-urban")
    finally:
        con.close()
    assert sorted(zip(from_jiangsu["quantity_id"], from_jiangsu["value"])) == [("cn-urban", 65.0), ("zj-urban", 75.0)]
    assert sorted(from_nation["quantity_id"]) == ["js-urban", "zj-urban"]


def test_a_rejected_restatement_is_left_out_either_way_round(tmp_path):
    con = database(
        tmp_path,
        [quantity("cn-urban", "cn", "常住人口城镇化率", 65), quantity("js-urban", "js", "常住人口城镇化率", 75)],
    )
    try:
        rejected = {("js-urban", "cn-urban"): ("reject", "restatement")}
        assert queries.restatements(con, "js-urban", rejected).empty
        assert queries.restatements(con, "cn-urban", rejected).empty
        assert list(queries.restatements(con, "cn-urban")["quantity_id"]) == ["js-urban"]
    finally:
        con.close()


def test_an_uploaded_figure_wins_over_a_document_for_the_same_year(tmp_path):
    con = database(
        tmp_path,
        [
            quantity("goal", "cn", "森林覆盖率", 24.1),
            quantity("seen", "rv", "森林覆盖率", 24.0, kind="baseline", year=2023),
        ],
    )
    try:
        reported = queries.document_points(con)
        assert list(zip(reported["quantity_id"], reported["value"])) == [("goal", 24.0)]
        only_documents = queries.target_statuses(con, None, date(2024, 6, 1), reported)
        uploaded = pd.DataFrame({"quantity_id": ["goal"], "period_end": [date(2023, 12, 31)], "value": [23.5]})
        both = queries.target_statuses(con, uploaded, date(2024, 6, 1), reported)
        manual = queries.document_points(con, {("goal", "seen"): ("reject", "interim")})
    finally:
        con.close()
    assert list(only_documents["progress_source"]) == ["documents"] and list(only_documents["latest_value"]) == [24.0]
    assert list(both["progress_source"]) == ["upload"] and list(both["latest_value"]) == [23.5]
    assert manual.empty


def test_a_manual_link_adds_a_point_the_build_missed(tmp_path):
    con = database(
        tmp_path,
        [
            quantity("goal", "cn", "森林覆盖率", 24.1),
            quantity("other", "rv", "林木覆盖率", 24.0, kind="baseline", year=2023),
        ],
    )
    try:
        assert queries.document_points(con).empty
        candidates = queries.observation_candidates(con, "goal")
        decided = {("goal", "other"): ("link", "interim")}
        observations = queries.linked_observations(con, "goal", decided)
        points = queries.document_points(con, decided)
    finally:
        con.close()
    assert list(candidates["observation_id"]) == ["other"]
    assert list(zip(observations["observation_id"], observations["decision"], observations["type"])) == [
        ("other", "link", "interim")
    ]
    assert list(points["value"]) == [24.0]
