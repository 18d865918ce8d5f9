"""The password gate in a real browser, on a fresh server whose first visitor opens a deep link.

A fresh Streamlit server with a `pages/` folder runs a page script directly (without dashboard.py)
until some session has run dashboard.py; the gate must hold for that first visitor too.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_url, ready, serve

pytestmark = pytest.mark.e2e

from playwright.sync_api import expect  # noqa: E402

PASSWORD = "e2e 密码 pw"


@pytest.fixture(scope="module")
def locked_url(built_data_dir, tmp_path_factory):
    with serve(built_data_dir, tmp_path_factory.mktemp("locked") / "server.log", {"TRACKER_PASSWORD": PASSWORD}) as url:
        yield url


def test_first_visit_to_a_deep_link_asks_for_the_password(page, locked_url, screenshots):
    open_url(page, locked_url + "/targets?q=%25")
    field = page.get_by_label("Password", exact=True)
    expect(field).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_text(" targets · ")).to_have_count(0)
    page.screenshot(path=str(screenshots / "password-gate.png"), full_page=True)
    field.fill("not it")
    page.get_by_role("button", name="Sign in").click()
    ready(page)
    expect(page.get_by_text("Wrong password")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    ready(page)
    expect(page.get_by_role("heading", name="Targets", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_new_session_on_the_main_page_is_asked_again(browser, locked_url):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        open_url(tab, locked_url)
        expect(tab.get_by_label("Password", exact=True)).to_be_visible()
        expect(tab.locator(".js-plotly-plot")).to_have_count(0)
    finally:
        context.close()


def test_signing_in_from_a_deep_link_on_a_server_that_is_not_fresh_keeps_the_page(browser, locked_url):
    # Issue 11, item 17: once any session had run dashboard.py, signing in from a deep link landed
    # on Overview instead of the page the link asked for.
    for path, heading in (("", None), ("/documents", "Documents"), ("/progress", "Progress")):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            tab = context.new_page()
            tab.set_default_timeout(30_000)
            open_url(tab, locked_url + path)  # the first one leaves the server not fresh
            if heading is None:
                continue
            tab.get_by_label("Password", exact=True).fill(PASSWORD)
            tab.get_by_role("button", name="Sign in").click()
            ready(tab)
            expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            assert tab.url.split("?")[0].endswith(path), tab.url
        finally:
            context.close()
