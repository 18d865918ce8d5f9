"""Statuses in SQL plus `assess` for the targets with progress == `assess` on every target; paging.

etl.queries assesses only the targets that have progress figures and lets SQL call every other
target no_data. These tests rebuild the old answer here, one `etl.status.assess` call per target,
on a database of 720 targets covering every comparator, change, unit, per-year, baseline and
range combination, with progress for a third of them (relative targets whose baseline comes from a
base-year figure, relative targets without one, per-year, ranges, achieved, overdue), and compare.
"""

from __future__ import annotations

import itertools
import math
from datetime import date

import pandas as pd
import pytest

from etl import queries
from etl.queries import STATUS_COLUMNS, TargetFilters
from etl.records import Document, Quantity
from etl.status import STATUSES
from etl.store.tracker import write_database

AS_OF_DATES = [date(2024, 6, 30), date(2027, 1, 1)]  # mid-window, and after the 2025 deadlines


def _targets() -> list[dict]:
    combos = itertools.product(
        ["=", ">=", "<=", "~", ">"],
        [None, "increase", "decrease"],
        ["%", "吨"],
        [False, True],
        [(None, None), (2020, None), (2020, 80.0)],
        [False, True],
        [2025, None],
    )
    return [
        {
            "comparator": comparator,
            "change": change,
            "unit": unit,
            "per_year": per_year,
            "baseline_year": base_year,
            "baseline_value": base_value,
            "range": has_range,
            "target_year": year,
        }
        for comparator, change, unit, per_year, (base_year, base_value), has_range, year in combos
    ]


TARGETS = _targets()
TEXT = "示范文本。" * 400
# Two documents share a title (as copies of a corpus do): paging and the document filter must tell them apart.
DOCUMENTS = [
    Document(
        f"doc_{i}",
        f"file_{i % 2}.txt",
        "同名规划" if i < 2 else f"规划{i}",
        "示范省人民政府" if i % 3 else "示范部",
        "",
        "2022-01-01",
        "national" if i == 3 else "provincial",
        1,
        400,
        TEXT,
    )
    for i in range(4)
]


def _quantities() -> list[Quantity]:
    out = []
    for i, spec in enumerate(TARGETS):
        value = 10.0 + i % 7
        out.append(
            Quantity(
                f"q{i:04d}",
                DOCUMENTS[i % 4].doc_id,
                DOCUMENTS[i % 4].seed,
                "target",
                f"指标{i % 11}",
                value,
                value + 10 if spec["range"] else None,
                spec["unit"],
                spec["comparator"],
                spec["change"],
                spec["baseline_year"],
                spec["target_year"],
                spec["per_year"],
                spec["baseline_value"],
                f"到2025年指标{i}达到{value}。",
                1 + i // 4 % 50,
                i % 4,
                i % 4 + 1,
                0.5 + (i % 5) / 10,
            )
        )
    out.append(
        Quantity(
            "b0",
            "doc_0",
            "file_0.txt",
            "baseline",
            "指标0",
            80.0,
            None,
            "%",
            "=",
            None,
            None,
            2020,
            False,
            None,
            "2020年指标为80%。",
            1,
            0,
            1,
            0.9,
        )
    )
    return out


def _progress(as_of: date) -> pd.DataFrame:
    """Progress for every third target, cycling through shapes of history."""
    shapes = [
        [(date(2022, 12, 31), 5.0)],  # one low figure
        [(date(2021, 12, 31), 4.0), (date(2023, 12, 31), 12.0)],  # rising
        [(date(2023, 12, 31), 500.0)],  # far above: achieved for rising targets
        [(date(2022, 12, 31), 0.5), (date(2023, 12, 31), 0.1)],  # far below: achieved for falling ones
        [(date(2020, 12, 31), 100.0), (date(2023, 12, 31), 90.0)],  # a base-year figure: relative baselines
        [(date(2022, 12, 31), 100.0)],  # no base-year figure: relative targets stay no_data
        [(date(as_of.year, 3, 31), 6.0)],  # this year, part way: per-year pro rata
        [(date(2021, 12, 31), 9.0), (date(2022, 6, 30), 9.5), (date(2023, 12, 31), 11.0)],
    ]
    rows = []
    for i in range(0, len(TARGETS), 3):
        for when, value in shapes[(i // 3 + i // 12 + i // 48) % len(shapes)]:  # not in step with the combinations
            rows.append((f"q{i:04d}", str(when), when, value, "", 1))
    rows.append(("gone_after_rebuild", "2023", date(2023, 12, 31), 1.0, "", 1))  # orphaned progress
    return pd.DataFrame(rows, columns=["quantity_id", "period", "period_end", "value", "note", "upload_id"])


def _old_statuses(con, progress: pd.DataFrame, as_of: date) -> dict[str, dict]:
    """The previous computation: every target read into pandas, one `assess` call each."""
    specs = con.execute("""
        SELECT quantity_id, value, value_high, unit, comparator, change, target_year,
               baseline_value, baseline_year, per_year
        FROM quantities WHERE kind = 'target'""").df()
    points_by_target = queries.progress_points(progress)
    rows = {}
    for row in specs.itertuples(index=False):
        points = points_by_target.get(row.quantity_id, [])
        rows[row.quantity_id] = dict(zip(STATUS_COLUMNS, queries._assessment_row(row, points, as_of)))
    return rows


def _same(a, b) -> bool:
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0.0)
    return a == b


def _assert_same_row(new: dict, old: dict) -> None:
    different = {c: (new.get(c), old[c]) for c in STATUS_COLUMNS if not _same(new.get(c), old[c])}
    assert not different, (old["quantity_id"], different)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("statuses") / "tracker.duckdb"
    write_database(path, DOCUMENTS, _quantities())
    database = queries.connect(path)
    yield database
    database.close()


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_statuses_match_assess_on_every_target(con, as_of):
    progress = _progress(as_of)
    old = _old_statuses(con, progress, as_of)
    new = queries.target_statuses(con, progress, as_of)

    # Only the targets with progress were assessed in Python; each row is the old row.
    with_progress = {q for q in progress["quantity_id"] if q in old}
    assert set(new["quantity_id"]) == with_progress
    for row in new.to_dict("records"):
        _assert_same_row(row, old[row["quantity_id"]])

    # Every target's status through SQL (assessed, or no_data) is the old status.
    listed = queries.targets_frame(TargetFilters(), con, new)
    assert len(listed) == len(old) == len(TARGETS)
    assert dict(zip(listed["quantity_id"], listed["status"])) == {q: r["status"] for q, r in old.items()}
    counts = queries.status_counts(con, new)
    expected = pd.Series([r["status"] for r in old.values()]).value_counts()
    assert dict(zip(counts["status"], counts["targets"])) == expected.to_dict()
    for status in STATUSES:
        chosen = queries.targets_frame(TargetFilters(statuses=(status,)), con, new)
        assert set(chosen["quantity_id"]) == {q for q, r in old.items() if r["status"] == status}
        assert queries.targets_count(TargetFilters(statuses=(status,)), con, new) == len(chosen)

    # One target's full assessment (what its detail page shows), with or without progress.
    own_rows = dict(iter(progress.groupby("quantity_id")))
    for quantity_id, row in old.items():
        mine = own_rows.get(quantity_id, progress.iloc[:0])  # as the detail page passes them
        _assert_same_row(queries.target_assessment(con, quantity_id, mine, as_of), row)
    assert queries.target_assessment(con, "b0", progress, as_of) == {}  # a baseline has no status
    assert queries.target_assessment(con, "no_such_id", progress, as_of) == {}


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_the_comparison_covers_the_hard_cases(con, as_of):
    """The database above really holds what the comparison claims to cover."""
    progress = _progress(as_of)
    old = _old_statuses(con, progress, as_of)
    statuses = {r["status"] for r in old.values()}
    assert {"achieved", "lagging", "no_data"} <= statuses
    assert ("overdue" in statuses) == (as_of.year > 2025)
    assert statuses & {"ahead", "on_track"} or as_of.year > 2025
    with_points = set(queries.progress_points(progress))

    def cases(**spec) -> list[dict]:
        return [
            old[f"q{i:04d}"]
            for i, s in enumerate(TARGETS)
            if f"q{i:04d}" in with_points and all(s[k] == v for k, v in spec.items())
        ]

    relative_unstated = [
        r
        for r in cases(baseline_value=None, baseline_year=2020)
        if TARGETS[int(r["quantity_id"][1:])]["change"] is not None
    ]
    # A base-year figure supplies a relative target's baseline: it is assessed, not no_data ...
    assert any(r["status"] != "no_data" and r["base_value"] == 100.0 for r in relative_unstated)
    # ... and without one it stays no_data although it has progress.
    assert any(r["status"] == "no_data" and r["latest_value"] is not None for r in relative_unstated)
    assert {r["status"] for r in cases(per_year=True)} - {"no_data"}
    assert {r["status"] for r in cases(range=True)} - {"no_data"}
    assert any(r["status"] == "achieved" for r in cases(range=True))


def test_no_progress_means_no_python_assessment(con):
    assert queries.target_statuses(con, None, AS_OF_DATES[0]).empty
    counts = queries.status_counts(con, None)
    assert counts.to_dict("records") == [{"status": "no_data", "targets": len(TARGETS)}]


def test_pages_of_the_targets_table_cover_every_row_once(con):
    progress = _progress(AS_OF_DATES[0])
    statuses = queries.target_statuses(con, progress, AS_OF_DATES[0])
    for filters in (
        TargetFilters(),
        TargetFilters(documents=("doc_0", "doc_1")),
        TargetFilters(units=("吨",)),
        TargetFilters(statuses=("no_data",), min_confidence=0.7),
    ):
        everything = queries.targets_frame(filters, con, statuses)
        total = queries.targets_count(filters, con, statuses)
        assert total == len(everything)
        pages = [
            queries.targets_frame(filters, con, statuses, limit=50, offset=offset)
            for offset in range(0, total + 50, 50)
        ]
        assert all(len(p) <= 50 for p in pages) and pages[-1].empty
        joined = pd.concat(pages, ignore_index=True)
        assert joined["quantity_id"].tolist() == everything["quantity_id"].tolist()
        assert joined["quantity_id"].is_unique


def test_document_options_are_few_distinct_and_keep_the_chosen(con):
    found = queries.document_options(con, TargetFilters(), None, "", limit=2)
    assert found.listed == 2 and found.unlisted == 2
    labels = [label for _, label in found.choices]
    assert len(set(labels)) == len(labels)
    assert all("(file_" in label for label in labels if label.startswith("同名规划"))  # same titles told apart
    found = queries.document_options(con, TargetFilters(documents=("doc_3",)), None, "同名", limit=1)
    assert [d for d, _ in found.choices] == ["doc_3", "doc_0"]  # the chosen one first, kept though not matching
    assert (found.listed, found.unlisted) == (1, 1)
    found = queries.document_options(con, TargetFilters(documents=("'; DROP TABLE documents; --",)), None, "'%")
    assert found.choices == () and found.listed == 0
    assert queries.document_options(con, TargetFilters(), None, "")  # the table is still there
    only_tons = queries.document_options(con, TargetFilters(units=("吨",), min_confidence=0.9), None, "")
    expected = set(queries.targets_frame(TargetFilters(units=("吨",), min_confidence=0.9), con)["doc_id"])
    assert {d for d, _ in only_tons.choices} == expected


SORT_COLUMNS = {
    "document": "title",
    "indicator": "indicator",
    "target": "value",
    "year": "target_year",
    "issuer": "issuer",
    "level": "level",
    "confidence": "confidence",
}


@pytest.mark.parametrize("sort", [*SORT_COLUMNS, "status"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_orders_the_whole_filtered_list_before_it_is_paged(con, sort, descending):
    progress = _progress(AS_OF_DATES[0])
    statuses = queries.target_statuses(con, progress, AS_OF_DATES[0])
    filters = TargetFilters(min_confidence=0.5)
    everything = queries.targets_frame(filters, con, statuses, sort=sort, descending=descending)
    unsorted = queries.targets_frame(filters, con, statuses)
    assert sorted(everything["quantity_id"]) == sorted(unsorted["quantity_id"])
    if sort == "status":
        keys = [STATUSES.index(s) for s in everything["status"]]
    else:
        keys = list(everything[SORT_COLUMNS[sort]])
    present = [k for k in keys if not pd.isna(k)]
    assert present == sorted(present, reverse=descending)
    assert all(pd.isna(k) for k in keys[len(present) :])  # missing values last either way
    assert len(set(present)) > 1 or len(present) < len(keys)  # the data really has something to sort
    pages = [
        queries.targets_frame(filters, con, statuses, limit=37, offset=o, sort=sort, descending=descending)
        for o in range(0, len(everything), 37)
    ]
    assert pd.concat(pages)["quantity_id"].tolist() == everything["quantity_id"].tolist()


@pytest.mark.parametrize("sort", ["value; DROP TABLE quantities", "q.value", "title DESC"])
def test_only_named_sorts_reach_sql(con, sort):
    with pytest.raises(ValueError, match="cannot sort targets by"):
        queries.targets_frame(TargetFilters(), con, sort=sort)
    assert queries.targets_count(TargetFilters(), con) == len(TARGETS)
