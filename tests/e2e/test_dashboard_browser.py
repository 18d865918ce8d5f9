"""The dashboard in a real browser: every page, a filter that survives a reload, a target's chart
downloaded as PNG, Chinese UI, and screenshots to look at (test-artifacts/screenshots/)."""

from __future__ import annotations

import struct
from urllib.parse import parse_qs, urlparse

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.e2e

from playwright.sync_api import expect  # noqa: E402

from tests.e2e.conftest import open_url, ready  # noqa: E402


def _charted_target(data_dir) -> tuple[str, str]:
    """A target with a year and an absolute value (so its chart can be drawn) and its document."""
    with duckdb.connect(str(data_dir / "tracker.duckdb"), read_only=True) as con:
        row = con.execute("""
            SELECT quantity_id, doc_id FROM quantities
            WHERE kind = 'target' AND target_year IS NOT NULL AND change IS NULL
            ORDER BY comparator = '>=' DESC, confidence DESC, quantity_id LIMIT 1""").fetchone()
    assert row, "the built corpus has no target with a year to chart"
    return row


def _busiest_document(data_dir) -> str:
    with duckdb.connect(str(data_dir / "tracker.duckdb"), read_only=True) as con:
        return con.execute(
            "SELECT doc_id FROM quantities GROUP BY doc_id ORDER BY count(*) DESC, doc_id LIMIT 1"
        ).fetchone()[0]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_every_page_opens_from_the_sidebar(page, app_url, screenshots):
    open_url(page, app_url + "/overview")
    expect(page.get_by_role("heading", name="Policy targets tracker")).to_be_visible()
    # The first chart of a session waits for Plotly's script: seconds on a busy machine, not 5.
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text("Targets by status")
    page.screenshot(path=str(screenshots / "overview-en.png"), full_page=True)
    nav = page.get_by_test_id("stSidebarNav")
    for link, heading in [
        ("Targets", "Targets"),
        ("Target detail", "Target detail"),
        ("Progress", "Progress"),
        ("Documents", "Documents"),
        ("Overview", "Policy targets tracker"),
    ]:
        nav.get_by_role("link", name=link, exact=True).click()
        ready(page)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/overview", "Policy targets tracker"),
        ("/targets", "Targets"),
        ("/target_detail", "Target detail"),
        ("/progress", "Progress"),
        ("/documents", "Documents"),
        ("/overview?lang=zh", "政策目标跟踪"),
    ],
)
def test_every_page_opens_at_its_own_address_without_developer_tools(page, app_url, path, heading):
    open_url(page, app_url + path)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)  # client.toolbarMode = "viewer"
    assert urlparse(page.url).path == path.split("?")[0]


def test_the_root_address_opens_the_overview_at_its_own_address(page, app_url):
    open_url(page, app_url + "/?lang=zh")
    expect(page.get_by_role("heading", name="政策目标跟踪", exact=True)).to_be_visible()
    page.wait_for_url(lambda url: urlparse(url).path == "/overview")
    assert parse_qs(urlparse(page.url).query)["lang"] == ["zh"]


def test_filter_is_kept_in_the_url_and_survives_a_reload(page, app_url, screenshots):
    open_url(page, app_url + "/targets")
    count = page.get_by_text(" targets · ")
    everything = count.inner_text()
    search = page.get_by_label("Search text")
    search.fill("%")
    search.press("Enter")
    page.wait_for_url(lambda url: "q=" in url)
    ready(page)
    expect(count).not_to_have_text(everything)
    filtered = count.inner_text()
    assert parse_qs(urlparse(page.url).query)["q"] == ["%"]
    page.reload()
    ready(page)
    expect(page.get_by_label("Search text")).to_have_value("%")
    expect(page.get_by_text(" targets · ")).to_have_text(filtered)
    page.screenshot(path=str(screenshots / "targets-filtered-en.png"), full_page=True)


def test_target_detail_chart_downloads_as_png(page, app_url, built_data_dir, screenshots, tmp_path):
    quantity_id, _ = _charted_target(built_data_dir)
    open_url(page, f"{app_url}/target_detail?id={quantity_id}")
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    expect(chart.locator(".gtitle")).not_to_be_empty()
    expect(chart.locator(".xtitle")).to_have_text("Year (a year's figure is drawn at its end)")
    expect(page.get_by_text("Status: No data")).to_be_visible()
    page.screenshot(path=str(screenshots / "target-detail-en.png"), full_page=True)
    chart.hover()
    with page.expect_download() as info:
        chart.locator('.modebar-btn[data-title^="Download plot as a" i]').click()
    download = info.value
    assert download.suggested_filename.endswith(".png") and quantity_id in download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    width, height = _png_size(saved.read_bytes())
    box = chart.bounding_box()
    assert width >= 1.9 * box["width"] and height >= 1.9 * 400, (width, height, box)
    (screenshots / "target-chart-download.png").write_bytes(saved.read_bytes())


def test_chinese_ui_and_document_highlights(page, app_url, built_data_dir, screenshots):
    open_url(page, app_url + "/overview?lang=zh")
    expect(page.get_by_role("heading", name="政策目标跟踪")).to_be_visible()
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text("目标状态分布")
    page.screenshot(path=str(screenshots / "overview-zh.png"), full_page=True)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="目标", exact=True).click()
    ready(page)
    expect(page.get_by_role("heading", name="目标", exact=True)).to_be_visible()
    assert "lang=zh" in page.url
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    page.wait_for_timeout(1000)  # the table draws on a canvas after it appears
    page.screenshot(path=str(screenshots / "targets-zh.png"), full_page=True)
    with duckdb.connect(str(built_data_dir / "tracker.duckdb"), read_only=True) as con:
        (largest,) = con.execute("""SELECT quantity_id FROM quantities WHERE kind = 'target' AND change IS NULL
                                   AND target_year IS NOT NULL ORDER BY value DESC LIMIT 1""").fetchone()
    open_url(page, f"{app_url}/target_detail?id={largest}&lang=zh")
    expect(page.locator(".js-plotly-plot .ytick").last).to_contain_text("亿")  # not "1.3T"
    page.screenshot(path=str(screenshots / "target-detail-large-value-zh.png"), full_page=True)
    quantity_id, _ = _charted_target(built_data_dir)
    open_url(page, f"{app_url}/target_detail?id={quantity_id}&lang=zh")
    expect(page.locator(".js-plotly-plot .xtitle").first).to_have_text("年份（年度数据标于年末）")
    page.screenshot(path=str(screenshots / "target-detail-zh.png"), full_page=True)
    doc_id = _busiest_document(built_data_dir)
    open_url(page, f"{app_url}/documents?doc={doc_id}&lang=zh")
    marks = page.locator(".doc-text mark")
    expect(marks.first).to_be_visible()
    assert marks.count() > 1
    href = page.locator(".doc-text a").first.get_attribute("href")
    assert href.startswith("target_detail?id=") and "lang=zh" in href
    marks.first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "documents-zh.png"))


def test_clicking_an_overview_bar_opens_the_filtered_targets(page, app_url, built_data_dir, screenshots):
    with duckdb.connect(str(built_data_dir / "tracker.duckdb"), read_only=True) as con:
        first_year, due = con.execute("""
            SELECT target_year, count(*) FROM quantities WHERE kind = 'target' AND target_year IS NOT NULL
            GROUP BY 1 ORDER BY 1 LIMIT 1""").fetchone()
    open_url(page, app_url + "/overview")
    year_chart = page.locator(".js-plotly-plot").nth(1)
    expect(year_chart.locator(".gtitle")).to_have_text("Targets by target year")
    bar = year_chart.locator(".point").first.bounding_box()  # Plotly's drag layer sits on top of the bars
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_url(lambda url: "/targets" in url)
    ready(page)
    assert parse_qs(urlparse(page.url).query)["year"] == [str(first_year)]
    expect(page.get_by_text(" targets · ")).to_contain_text(f"{due} of ")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    page.wait_for_timeout(1000)  # the table draws on a canvas after it appears
    page.screenshot(path=str(screenshots / "targets-from-overview-click.png"), full_page=True)


def test_targets_are_paged_and_the_csv_holds_every_filtered_target(
    page, app_url, built_data_dir, screenshots, tmp_path
):
    with duckdb.connect(str(built_data_dir / "tracker.duckdb"), read_only=True) as con:
        [(total,)] = con.execute("SELECT count(*) FROM quantities WHERE kind = 'target'").fetchall()
    assert total > 200, "the built corpus fits on one page: nothing to page"
    open_url(page, app_url + "/targets?page=2")
    expect(page.get_by_text(f"Rows 201–{min(400, total)} of {total}")).to_be_visible()
    pager = page.get_by_label("Page (of")
    expect(pager).to_have_value("2")
    pager.fill("1")
    pager.press("Enter")
    page.wait_for_url(lambda url: "page=" not in url)
    ready(page)
    expect(page.get_by_text(f"Rows 1–200 of {total}")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    saved = tmp_path / "targets.csv"
    info.value.save_as(saved)
    exported = pd.read_csv(saved, encoding="utf-8-sig")
    assert len(exported) == total and exported["quantity_id"].is_unique  # every target, not the page shown
    page.screenshot(path=str(screenshots / "targets-paged-en.png"), full_page=True)
