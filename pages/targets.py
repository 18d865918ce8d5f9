"""Targets: filter (kept in the URL), sortable table with links to detail, spreadsheet-safe CSV."""
import streamlit as st

from pages.common import access, data, export, filters, tables
from pages.common.i18n import t

access.require_password()
st.title(t("nav.targets"))
chosen = filters.target_filters(data.filter_options())
frame = data.targets_frame(chosen)
total = data.target_count()
st.caption(t("targets.count", shown=len(frame), total=total) + " · " + t("targets.share"))

if total == 0:
    st.info(t("empty.no_targets"))
elif frame.empty:
    st.info(t("empty.no_match"))
else:
    shown, config = tables.targets(frame)
    st.dataframe(shown, column_config=config, hide_index=True, key="targets_table")
    left, right = st.columns(2)
    with left:
        st.download_button(t("targets.csv"), export.spreadsheet_safe_csv(tables.export_frame(frame)),
                           file_name="targets.csv", mime="text/csv", key="targets_csv", on_click="ignore",
                           icon=":material/download:")
    with right:
        export.template_button(frame, t("targets.template", n=len(frame)), key="targets_template",
                               file_name="progress_template_filtered.csv")
