"""Documents: the list with counts (searched by title and paged in the database); one document's
text with every quantity highlighted and linked."""

from collections.abc import Callable
from typing import Any, cast

import streamlit as st

from pages.common import access, data, filters, review_view, tables, text_view, url_state
from pages.common import format as fmt
from pages.common.i18n import current_language, t

access.require_password()
st.title(t("nav.documents"))
url_state.seed_value("q", str, "")
title = st.text_input(t("documents.search"), key=url_state.state_key("q")).strip()
url_state.publish("q", title, "")
shown = data.documents_count(title)
if shown == 0:
    st.info(t("documents.none") if not title else t("documents.no_match"))
    st.stop()

page = filters.page_selector(shown, data.DOCUMENTS_PER_PAGE, title, scope="documents")
listing = data.documents_page(title, page, data.DOCUMENTS_PER_PAGE)
table, config = tables.documents(listing)
tables.show(table, column_config=config, hide_index=True, key="documents_table")

labels = dict(zip(listing["doc_id"], listing["label"]))
requested = st.query_params.get("doc")
if requested and requested not in labels and (label := data.document_label(requested)) is not None:
    labels = {requested: label} | labels  # a linked document stays choosable from any page of the list
doc_id = st.selectbox(
    t("documents.choose"),
    list(labels),
    format_func=cast(Callable[[Any], str], labels.get),  # dict.get is overloaded; each option is a key
    index=list(labels).index(requested) if requested in labels else 0,
    key="document_choice",
)
if doc_id != requested:
    st.query_params["doc"] = doc_id
document, spans = data.document_text(doc_id)
st.subheader(fmt.plain(document["title"]))
st.caption(t("documents.legend"))
st.html(text_view.highlighted_html(document["text"] or "", spans, current_language()))
review_view.add_missed(document)
