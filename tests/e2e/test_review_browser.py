"""Review and correct in a real browser (issue 14): walk the review queue (confirm two, reject one,
edit one's year), add a missed target from the document view, and see Overview and the CSV export
reflect all five; two browser sessions correcting at once. Screenshots: test-artifacts/screenshots/."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from etl import queries
from etl.corrections import sentence_around
from etl.numbers import find_numbers
from etl.store import corrections as store
from etl.store.paths import tracker_path
from tests.e2e.conftest import ready, serve

pytestmark = pytest.mark.e2e

from playwright.sync_api import expect  # noqa: E402

NAME_LABEL = "Your name (recorded with each change)"


@pytest.fixture(scope="module")
def review_data(built_data_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review-data")
    shutil.copy2(tracker_path(built_data_dir), tracker_path(folder))
    return folder


@pytest.fixture(scope="module")
def review_url(review_data, tmp_path_factory):
    with serve(review_data, tmp_path_factory.mktemp("review-server") / "server.log", {"TRACKER_READ_ONLY": ""}) as url:
        yield url


def _sign_in(page, url: str, name: str) -> None:
    page.goto(url)
    ready(page)
    field = page.get_by_label(NAME_LABEL)
    field.fill(name)
    field.press("Enter")
    ready(page)


def _current(page) -> str:
    """The quantity_id of the record at the head of the queue (its link's text, after the icon)."""
    return page.get_by_test_id("stPageLink").first.inner_text().strip().splitlines()[-1]


def _moved_on(page, previous: str) -> None:
    """The queue shows the next record, and the previous record's (stale) widgets are gone."""
    expect(page.get_by_test_id("stPageLink").first).not_to_contain_text(previous)
    ready(page)
    expect(page.get_by_test_id("stForm")).to_have_count(1)


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    ready(page)


def _missed_target(folder: Path) -> tuple[str, str, str, float]:
    """(doc_id, a search text, number text, value): the first number of a sentence that the
    extractor did not take (a quantity with a unit, not a date or a 文号), in a document with targets."""
    with queries.connect(tracker_path(folder)) as db:
        docs = db.execute(
            "SELECT doc_id, text FROM documents WHERE doc_id IN "
            "(SELECT doc_id FROM quantities WHERE kind = 'target') ORDER BY doc_id"
        ).fetchall()
        taken = {(d, s) for d, s in db.execute("SELECT doc_id, char_start FROM quantities").fetchall()}
    for doc_id, text in docs:
        for m in find_numbers(text):
            start, end = sentence_around(text, m.start, m.end)
            sentence = text[start:end]
            first = find_numbers(sentence)[0]
            if (
                (doc_id, m.start) in taken
                or m.value < 10
                or not m.unit
                or m.unit in ("年", "号", "月", "日")
                or start + first.start != m.start
                or "\n" in sentence
            ):
                continue
            probe = sentence[max(0, m.start - start - 8) : m.start - start]
            if len(probe) >= 6 and text.count(probe) == 1 and not any(c.isdigit() for c in probe):
                return doc_id, probe, text[m.start : m.end], m.value
    raise AssertionError("no missed number found in the corpus")


def test_walk_the_review_queue_and_add_a_missed_target(browser, review_url, review_data, screenshots, tmp_path):
    with queries.connect(tracker_path(review_data)) as db:
        targets_before = queries.review_counts(db)["targets"]
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _sign_in(page, review_url + "/review", "浏览器审核员")
        expect(page.get_by_text(f"Checked 0 of {targets_before} targets")).to_be_visible()
        page.screenshot(path=str(screenshots / "review-queue.png"), full_page=True)
        confirmed = []
        for _ in range(2):
            confirmed.append(_current(page))
            _click(page, "Confirm")
            _moved_on(page, confirmed[-1])
            expect(page.get_by_text("Confirmed.")).to_be_visible()
        rejected = _current(page)
        _click(page, "Reject (not a target)")
        _moved_on(page, rejected)
        edited = _current(page)
        assert len({*confirmed, rejected, edited}) == 4
        page.get_by_text("Edit fields").first.click()
        year = page.get_by_test_id("stForm").get_by_label("Target year")
        year.fill("2031")
        page.screenshot(path=str(screenshots / "review-edit-year.png"), full_page=True)
        _click(page, "Save changes")
        _moved_on(page, edited)
        expect(page.get_by_text("Saved.")).to_be_visible()
        assert _current(page) not in {*confirmed, rejected, edited}

        doc_id, probe, number, value = _missed_target(review_data)
        _sign_in(page, f"{review_url}/documents?doc={doc_id}", "浏览器审核员")  # a page load is a new session
        page.get_by_text("Add a quantity the extractor missed").click()
        find = page.get_by_label("Find the sentence (type a few words of it)")
        find.fill(probe)
        find.press("Enter")
        ready(page)
        form = page.get_by_test_id("stForm")
        expect(form.get_by_label("Value", exact=True)).to_have_value(
            str(int(value)) if value == int(value) else str(value)
        )
        form.get_by_label("Indicator").fill("浏览器新增指标")
        form.get_by_label("Target year").fill("2030")
        page.screenshot(path=str(screenshots / "review-add-missed.png"), full_page=True)
        _click(page, "Add")
        expect(page.get_by_text("Added.")).to_be_visible()

        page.goto(review_url)
        ready(page)
        expect(page.get_by_text(f"Checked 4 of {targets_before} targets")).to_be_visible()  # -1 rejected, +1 added
        page.screenshot(path=str(screenshots / "review-overview-checked.png"), full_page=True)

        page.goto(review_url + "/targets")
        ready(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download CSV").click()
        saved = tmp_path / "targets.csv"
        info.value.save_as(saved)
    finally:
        context.close()
    exported = pd.read_csv(saved, encoding="utf-8-sig").set_index("quantity_id")
    assert rejected not in exported.index
    assert exported.loc[edited, "origin"] == "corrected" and exported.loc[edited, "target_year"] == 2031
    assert all(exported.loc[q, "checked"] for q in confirmed)
    assert [exported.loc[q, "origin"] for q in confirmed] == ["extracted", "extracted"]
    added = exported[exported["origin"] == "added"]
    assert list(added["indicator"]) == ["浏览器新增指标"] and list(added["value"]) == [value]
    assert list(added["target_year"]) == [2030] and number in added["sentence"].iloc[0]
    assert len(exported) == targets_before and int(exported["checked"].sum()) == 4


def _open_detail(browser, url: str, name: str, quantity_id: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(30_000)
    _sign_in(page, f"{url}/target_detail?id={quantity_id}", name)
    page.get_by_text("Edit fields").first.click()
    return context, page


def test_two_browser_sessions_correcting_at_once(browser, review_url, review_data, screenshots):
    with queries.connect(tracker_path(review_data)) as db:
        first_id, second_id = [
            r[0]
            for r in db.execute(
                "SELECT quantity_id FROM quantities WHERE kind = 'target' AND NOT checked "
                "ORDER BY confidence DESC, quantity_id LIMIT 2"
            ).fetchall()
        ]
    audit_before = len(store.read_audit(review_data))
    (a, page_a), (b, page_b) = (
        _open_detail(browser, review_url, "甲", first_id),
        _open_detail(browser, review_url, "乙", second_id),
    )
    try:
        page_a.get_by_test_id("stForm").get_by_label("Indicator").fill("甲改的指标")
        page_b.get_by_test_id("stForm").get_by_label("Indicator").fill("乙改的指标")
        page_a.get_by_role("button", name="Save changes").click()  # both submitted before either finishes
        page_b.get_by_role("button", name="Save changes").click()
        ready(page_a)
        ready(page_b)
        expect(page_a.get_by_text("Saved.")).to_be_visible()
        expect(page_b.get_by_text("Saved.")).to_be_visible()
    finally:
        a.close()
        b.close()
    saved = {c.anchor.quantity_id: c.snapshot.fields.get("indicator") for c in store.read_corrections(review_data)}
    assert saved[first_id] == "甲改的指标" and saved[second_id] == "乙改的指标"

    # The same target in both sessions: both opened it, 甲 saves, then 乙.
    (a, page_a), (b, page_b) = (
        _open_detail(browser, review_url, "甲", first_id),
        _open_detail(browser, review_url, "乙", first_id),
    )
    try:
        page_a.get_by_test_id("stForm").get_by_label("Target year").fill("2040")
        _click(page_a, "Save changes")
        time.sleep(0.05)
        page_b.get_by_test_id("stForm").get_by_label("Target year").fill("2045")
        _click(page_b, "Save changes")
        expect(page_b.get_by_text("甲 changed this record")).to_be_visible()
        page_b.screenshot(path=str(screenshots / "review-concurrent-same-target.png"), full_page=True)
    finally:
        a.close()
        b.close()
    [latest] = [c for c in store.read_corrections(review_data) if c.anchor.quantity_id == first_id]
    assert latest.snapshot.fields["target_year"] == 2045 and latest.updated_by == "乙"
    audit = store.read_audit(review_data)
    assert len(audit) == audit_before + 4
    mine = audit[audit["correction_id"] == latest.correction_id]
    assert list(mine["who"])[:3] == ["乙", "甲", "甲"]
    assert '"target_year": 2040' in mine["before"].iloc[0]  # 乙's change records what it replaced


def test_hostile_text_typed_into_the_form_is_shown_as_text(browser, review_url, review_data, screenshots):
    hostile = '<img src=x onerror="window.__xss=1"> [x](javascript:window.__xss=2) =HYPERLINK("http://evil")'
    with queries.connect(tracker_path(review_data)) as db:
        [quantity_id] = db.execute(
            "SELECT quantity_id FROM quantities WHERE kind = 'target' AND NOT checked "
            "ORDER BY confidence, quantity_id LIMIT 1"
        ).fetchone()
    context, page = _open_detail(browser, review_url, hostile[:90], quantity_id)
    try:
        form = page.get_by_test_id("stForm")
        form.get_by_label("Indicator").fill(hostile)
        form.get_by_label("Unit", exact=True).fill("<b>吨</b>")
        _click(page, "Save changes")
        expect(page.get_by_text("Saved.")).to_be_visible()
        page.reload()
        ready(page)
        expect(page.get_by_role("heading").filter(has_text='<img src=x onerror="window.__xss=1">')).to_be_visible()
        page.get_by_text("History of corrections").click()
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshots / "review-hostile-text.png"), full_page=True)
        assert page.evaluate("window.__xss") is None
        assert page.locator("main img[src='x']").count() == 0
    finally:
        context.close()
    [saved] = [c for c in store.read_corrections(review_data) if c.anchor.quantity_id == quantity_id]
    assert saved.snapshot.fields["indicator"] == hostile and saved.snapshot.fields["unit"] == "<b>吨</b>"
    assert saved.updated_by == hostile[:90]
