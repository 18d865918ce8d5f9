"""Target detail: baseline -> target path with progress, status, required rate, source in context."""

import streamlit as st

from pages.common import access, charts, data, detail_view, links_view, review_view, ui
from pages.common import format as fmt
from pages.common.i18n import t

access.require_password()
st.title(t("nav.detail"))
quantity_id = st.query_params.get("id")
if not quantity_id:
    st.info(t("detail.none_selected"))
    quantity_id = detail_view.target_picker()
    if not quantity_id:
        st.page_link(ui.TARGETS_PAGE, label=t("nav.targets"), icon=":material/flag:", query_params=ui.language_params())
        st.stop()
    st.query_params["id"] = quantity_id  # the address now names the target: a link to share
detail = data.target_detail(quantity_id)
if detail is None:
    st.warning(t("detail.not_found", qid=fmt.code_span_text(quantity_id)))
    review_view.rejected_notice(quantity_id)
    st.stop()

assessment, progress, as_of = detail["assessment"], detail["progress"], data.today()
st.subheader(fmt.plain(charts.target_title(detail)))
if detail["kind"] == "target":
    detail_view.status_badge(assessment)
    detail_view.key_figures(detail, assessment)
    caption = detail_view.chart_caption(detail, as_of)
    figure = charts.target_path(detail, assessment, progress, as_of, caption, detail.get("reported"))
    if figure is None:
        st.info(detail_view.relative_explanation(detail))
    else:
        ui.show_chart(
            figure,
            f"target-{detail.get('indicator') or ''}-{detail.get('target_year') or ''}-{quantity_id}",
            key="target_chart",
        )
        st.caption(caption)
    if progress.empty and detail.get("reported") is not None and detail["reported"].empty:
        st.info(t("empty.no_progress"))
    elif explanation := detail_view.explanation(assessment):
        st.caption(explanation)
    # --- progress reported in documents (issue 13) ---
    if source := links_view.source_caption(assessment):
        st.caption(source)
    links_view.reported_section(detail)
links_view.restatements_section(detail)
# --- end of issue 13 ---

st.markdown(f"**{t('detail.source')}**: {detail_view.source_line(detail)}")
st.html(detail_view.context_html(detail))
st.page_link(
    ui.DOCUMENTS_PAGE,
    label=t("detail.open_document"),
    icon=":material/article:",
    query_params={"doc": detail["doc_id"]} | ui.language_params(),
)
review_view.edit_controls(detail)
