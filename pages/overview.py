"""Overview: how many targets, their status, when they fall due; every chart opens the Targets page."""

import streamlit as st

from pages.common import access, charts, data, review_view, tables, ui
from pages.common.i18n import t

access.require_password()
st.title(t("app.title"))
view = data.overview()
counts = view["counts"]
for column, (label, value) in zip(
    st.columns(5),
    [
        (t("metric.documents"), counts["documents"]),
        (t("metric.targets"), counts["targets"]),
        (t("metric.baselines"), counts["baselines"]),
        (t("metric.issuers"), counts["issuers"]),
        (t("metric.with_progress"), view["with_progress"]),
    ],
):
    column.metric(label, value)
review_view.checked_caption()

if counts["targets"] == 0:
    st.info(t("empty.no_targets"))
    st.stop()

caption = charts.corpus_caption(counts["documents"], data.today())
st.caption(t("chart.click_hint"))
left, right = st.columns(2)
with left:
    event = ui.show_chart(charts.status_bar(view["status"], caption), "targets-by-status", "status_chart", True)
    if (row := ui.clicked_row(event, view["status"])) is not None:
        ui.open_targets(status=row["status"])
with right:
    event = ui.show_chart(charts.year_bar(view["years"], caption), "targets-by-year", "year_chart", True)
    if (row := ui.clicked_row(event, view["years"])) is not None:
        ui.open_targets(year=None if row.isna()["target_year"] else str(int(row["target_year"])))
event = ui.show_chart(charts.document_bar(view["documents"], caption), "targets-by-document", "document_chart", True)
if (row := ui.clicked_row(event, view["documents"])) is not None:
    ui.open_targets(doc=row["doc_id"])

# --- progress reported in documents (issue 13) ---
st.subheader(t("links.sources.title"))
for column, row in zip(st.columns(3), data.progress_sources().itertuples(index=False)):
    column.metric(t(f"links.sources.{row.source}"), row.targets)
# --- end of issue 13 ---

st.subheader(t("deadlines.title"))
if view["deadlines"].empty:
    st.info(t("deadlines.none", year=data.today().year))
else:
    shown, config = tables.deadlines(view["deadlines"])
    tables.show(shown, column_config=config, hide_index=True)
