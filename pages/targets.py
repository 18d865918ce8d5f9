"""Targets: filters and page (kept in the URL), one page of the table with links to detail, and
spreadsheet-safe CSVs of every filtered target, made when clicked."""

import streamlit as st

from pages.common import access, data, export, filters, review_view, tables
from pages.common.i18n import t

access.require_password()
st.title(t("nav.targets"))
chosen = filters.target_filters(data.filter_options(), data.document_options)
shown, total = data.targets_count(chosen), data.target_count()
st.caption(t("targets.count", shown=shown, total=total) + " · " + t("targets.share"))
review_view.review_link()

if total == 0:
    st.info(t("empty.no_targets"))
elif shown == 0:
    st.info(t("empty.no_match"))
else:
    sort, descending = filters.sort_selector()
    page = filters.page_selector(shown, data.TARGETS_PER_PAGE, (chosen, sort, descending))
    table, config = tables.targets(data.targets_page(chosen, page, data.TARGETS_PER_PAGE, sort, descending))
    tables.show(
        table,
        column_config=config,
        hide_index=True,
        key=filters.TABLE_KEY,
        placeholder="–",
        on_select=filters.sort_by_clicked_column,
        selection_mode="single-column",
    )
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("targets.csv"),
            lambda: export.spreadsheet_safe_csv(tables.export_frame(data.targets_frame(chosen, sort, descending))),
            file_name="targets.csv",
            mime="text/csv",
            key="targets_csv",
            on_click="ignore",
            icon=":material/download:",
        )
    with right:
        export.template_button(
            lambda: data.targets_frame(chosen),
            t("targets.template", n=shown),
            key="targets_template",
            file_name="progress_template_filtered.csv",
        )
