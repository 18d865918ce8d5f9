"""etl.queries over a small hand-made tracker database: one target's assessment, including targets
stated as a change without a known base (the status, the goal and the base agree with etl.status)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl import queries
from etl.records import Document, Quantity
from etl.store.tracker import write_database

TEXT = "到2025年，优良天数比例提高10个百分点。检验时限压减10个工作日。较2020年下降20%。\n"
DOC = Document("doc", "plan.txt", "示范规划", "示范省人民政府", "", "2022-01-01", "provincial", 1, 1, TEXT)
# The same title published by another issuer: a second document, not more targets of the first.
SAME_TITLE = Document("doc2", "plan2.txt", "示范规划", "示范市人民政府", "", "2022-05-01", "provincial", 1, 1, TEXT)


def _target(
    qid: str,
    number: str,
    value: float,
    unit: str,
    change: str | None,
    baseline_year=None,
    baseline_value=None,
    doc: Document = DOC,
) -> Quantity:
    start = TEXT.index(number)
    return Quantity(
        qid,
        doc.doc_id,
        doc.seed,
        "target",
        qid,
        value,
        None,
        unit,
        "=",
        change,
        baseline_year,
        2025,
        False,
        baseline_value,
        TEXT,
        1,
        start,
        start + len(number),
        0.9,
    )


QUANTITIES = [
    _target("points", "10个百分点", 10, "百分点", "increase"),  # 提高10个百分点: no base year, no base value
    _target("days", "10个工作日", 10, "工作日", "decrease"),
    _target("vs2020", "20%", 20, "%", "decrease", baseline_year=2020),
    _target("other", "20%", 20, "%", "decrease", baseline_year=2020, doc=SAME_TITLE),
]
AS_OF = date(2024, 3, 1)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "tracker.duckdb"
    write_database(path, [DOC, SAME_TITLE], QUANTITIES)
    database = queries.connect(path)
    yield database
    database.close()


def _progress(*rows: tuple[str, date, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [(q, str(d.year), d, v, "", "u1") for q, d, v in rows],
        columns=["quantity_id", "period", "period_end", "value", "note", "upload_id"],
    )


def test_a_change_without_a_base_is_not_achieved_by_one_figure_above_its_change(con):
    found = queries.target_assessment(con, "points", _progress(("points", date(2023, 12, 31), 55.0)), AS_OF)
    assert found["status"] == "no_data"
    assert found["target_value"] is None and found["base_value"] is None
    assert found["reason"] == "relative_no_base"


def test_a_change_without_a_base_is_measured_from_the_first_figure(con):
    progress = _progress(("days", date(2021, 12, 31), 30.0), ("days", date(2023, 12, 31), 22.0))
    found = queries.target_assessment(con, "days", progress, AS_OF)
    assert found["target_value"] == pytest.approx(20)
    assert (found["base_period"], found["base_value"]) == (date(2021, 12, 31), 30.0)
    assert found["status"] == "ahead"
    statuses = queries.target_statuses(con, progress, AS_OF)
    assert statuses.set_index("quantity_id").loc["days", "status"] == "ahead"


def test_a_change_against_a_year_takes_that_years_figure_as_its_base(con):
    progress = _progress(("vs2020", date(2020, 12, 31), 100.0), ("vs2020", date(2023, 12, 31), 85.0))
    found = queries.target_assessment(con, "vs2020", progress, AS_OF)
    assert found["target_value"] == pytest.approx(80)
    assert found["base_value"] == 100.0 and found["status"] == "ahead"


def test_no_target_no_assessment(con):
    assert queries.target_assessment(con, "nope", _progress(), AS_OF) == {}


def test_targets_by_document_keeps_documents_with_one_title_apart(con):
    found = queries.targets_by_document(con)
    assert list(found["doc_id"]) == ["doc", "doc2"]
    assert list(found["targets"]) == [3, 1]
    assert list(found["title"]) == ["示范规划", "示范规划"]
    assert list(found["issuer"]) == ["示范省人民政府", "示范市人民政府"]


def test_documents_are_searched_by_title_and_paged_in_the_database(con):
    assert queries.documents_count(con) == 2 and queries.documents_count(con, "示范") == 2
    assert queries.documents_count(con, "'; DROP TABLE documents; --") == 0 and queries.documents_count(con) == 2
    first = queries.documents_frame(con, "", limit=1, offset=0)
    second = queries.documents_frame(con, "", limit=1, offset=1)
    assert list(first["doc_id"]) == ["doc"] and list(second["doc_id"]) == ["doc2"]
    assert list(first["targets"]) == [3] and list(second["targets"]) == [1]
    # the same title twice: each label names its source, so a list of labels tells them apart
    assert list(first["label"]) == ["示范规划 (plan.txt:1)"] and list(second["label"]) == ["示范规划 (plan2.txt:1)"]
    assert queries.document_label(con, "doc2") == "示范规划 (plan2.txt:1)" and queries.document_label(con, "x") is None
    assert queries.documents_frame(con, "no such title").empty
