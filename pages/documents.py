"""Documents: the list with counts; one document's text with every quantity highlighted and linked."""
import streamlit as st

from pages.common import access, data, review_view, tables, text_view
from pages.common.i18n import current_language, t

access.require_password()
st.title(t("nav.documents"))
documents = data.documents_frame()
if documents.empty:
    st.info(t("documents.none"))
    st.stop()

shown, config = tables.documents(documents)
st.dataframe(shown, column_config=config, hide_index=True, key="documents_table")

titles = dict(zip(documents["doc_id"], documents["title"]))
requested = st.query_params.get("doc")
doc_id = st.selectbox(t("documents.choose"), list(titles), format_func=titles.get,
                      index=list(titles).index(requested) if requested in titles else 0, key="document_choice")
if doc_id != requested:
    st.query_params["doc"] = doc_id
document, spans = data.document_text(doc_id)
st.subheader(document["title"])
st.caption(t("documents.legend"))
st.html(text_view.highlighted_html(document["text"] or "", spans, current_language()))
review_view.add_missed(document)
