"""A fresh server's first visitor arriving on a shared link gets the real app, not the bare page.

Streamlit starts in its pages-directory mode when `pages/` sits beside dashboard.py, and would run
the linked page script on its own: a menu of file names, no language switch. pages.common.routing
sends that request back through dashboard.py.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.e2e.conftest import open_url, serve

pytestmark = pytest.mark.e2e

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture
def fresh_server_url(built_data_dir, tmp_path):
    with serve(built_data_dir, tmp_path / "server.log") as url:
        yield url


def test_first_request_on_a_shared_filtered_link_gets_navigation_language_and_filter(
    page, fresh_server_url, built_data_dir, screenshots
):
    with duckdb.connect(str(built_data_dir / "tracker.duckdb"), read_only=True) as con:
        year, _count = con.execute("""SELECT target_year, count(*) FROM quantities
                                     WHERE kind = 'target' AND target_year IS NOT NULL
                                     GROUP BY 1 ORDER BY 2 DESC LIMIT 1""").fetchone()
    open_url(page, f"{fresh_server_url}/targets?year={year}&lang=zh")
    sidebar = page.get_by_test_id("stSidebar")
    for title in ("总览", "目标", "目标详情", "进展", "文件"):  # dashboard.py's menu, in Chinese
        expect(sidebar.get_by_text(title, exact=True).first).to_be_visible()
    expect(sidebar.get_by_text("target detail", exact=True)).to_have_count(0)  # not file names
    expect(sidebar.get_by_text("中文", exact=True)).to_be_visible()  # the language switch
    page.screenshot(path=str(screenshots / "first-visit-deep-link-zh.png"), full_page=True)
    expect(page.get_by_role("heading", name="目标", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_text(str(year), exact=True).first).to_be_visible()  # the filter
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert f"year={year}" in page.url
