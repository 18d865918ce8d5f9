"""pages/common/charts.py: the figures people share, built from small frames (no app run)."""
from __future__ import annotations

import pandas as pd

from pages.common import charts

SAME_TITLES = pd.DataFrame({
    "doc_id": ["a", "b", "c"], "title": ["关于做好工作的通知", "关于做好工作的通知", "示范规划"],
    "issuer": ["示范省人民政府", "示范市人民政府", "示范部"], "issue_date": ["2022-01-01", "2023-02-01", ""],
    "source_file": ["x.txt", "y.txt", "x.txt"], "start_line": [1, 9, 40], "targets": [12, 7, 3]})


def test_documents_sharing_a_title_get_a_bar_each_told_apart_by_issuer_and_date():
    fig = charts.document_bar(SAME_TITLES, "caption")
    bar = fig.data[0]
    assert list(bar.y) == ["a", "b", "c"] and list(bar.x) == [12, 7, 3]  # one bar per document
    assert list(fig.layout.yaxis.tickvals) == ["a", "b", "c"]
    assert list(fig.layout.yaxis.ticktext) == ["关于做好工作的通知 · 示范省人民政府 · 2022-01-01",
                                               "关于做好工作的通知 · 示范市人民政府 · 2023-02-01", "示范规划"]
