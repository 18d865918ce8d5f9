"""Add documents: upload PDF, Word, web pages or text; check what was detected; add and build."""

import hashlib

import streamlit as st

from etl import adding
from etl.errors import EtlError
from etl.store import library
from pages.common import access, data, text_view, ui
from pages.common.i18n import current_language, level_label, t

access.require_password()
st.title(t("nav.add"))
if access.read_only():
    st.info(t("add.read_only"), icon=":material/visibility:")
    st.stop()
# The library's limit, within what the server accepts at all (server.maxUploadSize).
limit_mb = max(1, min(int(library.max_add_bytes() // 2**20), int(st.get_option("server.maxUploadSize"))))
st.caption(t("add.intro", limit=limit_mb))
round_no = st.session_state.setdefault("add_round", 0)
uploads = st.file_uploader(
    t("add.files"), accept_multiple_files=True, key=f"add_uploads_{round_no}", max_upload_size=limit_mb
)
cache = st.session_state.setdefault("add_previews", {})
previews = []
for upload in uploads or []:
    content = upload.getvalue()
    key = (upload.name, hashlib.sha256(content).hexdigest())
    if key not in cache:
        with st.spinner(t("add.reading", name=library.display_name(upload.name))):
            cache[key] = adding.preview(data.current_data_dir(), content, upload.name)
    previews.append(cache[key])

accepted = []
for item in previews:
    with st.container(border=True):
        st.text(item.name)
        if item.error:
            st.error(item.error, icon=":material/error:")
            continue
        if item.already:
            st.info(t("add.already", doc_id=item.already), icon=":material/info:")
            continue
        facts = [t(f"add.format.{item.converted.format}")]
        if item.pages:
            facts.append(t("add.pages", n=item.pages))
        if item.converted.ocr_pages:
            facts.append(t("add.ocr", n=len(item.converted.ocr_pages)))
        facts.append(t("add.targets", n=item.targets))
        if item.years:
            facts.append(t("add.years", first=item.years[0], last=item.years[1]))
        st.caption(" · ".join(facts))
        key = item.sha256[:12]
        left, right = st.columns(2)
        chosen = {
            "title": left.text_input(t("add.title"), item.detected.get("title", ""), key=f"add_title_{key}"),
            "issuer": right.text_input(t("add.issuer"), item.detected.get("issuer", ""), key=f"add_issuer_{key}"),
            "issue_date": left.text_input(
                t("add.date"), item.detected.get("issue_date", ""), key=f"add_date_{key}", placeholder="YYYY-MM-DD"
            ),
        }
        levels = ["", *library.LEVELS]
        detected_level = item.detected.get("level", "")
        chosen["level"] = right.selectbox(
            t("add.level"),
            levels,
            key=f"add_level_{key}",
            index=levels.index(detected_level) if detected_level in levels else 0,
            format_func=lambda level: level_label(level) if level else "—",
        )
        accepted.append((item, adding.corrections_from(item.detected, chosen)))

if accepted and st.button(t("add.button", n=len(accepted)), type="primary", key="add_build"):
    bar = st.progress(0.0, text=t("add.progress.start"))

    def follow(share: float, step: str) -> None:
        label = {"build": t("add.progress.build"), "done": t("add.progress.done")}.get(
            step, t("add.reading", name=step)
        )
        bar.progress(min(1.0, share), text=label)

    outcome = adding.add_and_build(data.current_data_dir(), accepted, follow)
    st.session_state["add_result"] = {
        "seeds": [a.entry.seed for a in outcome.added],
        "failed": outcome.failed,
        "summary": outcome.summary,
    }
    st.session_state["add_round"] = round_no + 1  # a fresh, empty uploader
    cache.clear()
    st.rerun()

result = st.session_state.get("add_result")
if result:
    for message in result["failed"]:
        st.error(message, icon=":material/error:")
    if result["seeds"]:
        st.success(t("add.done", n=len(result["seeds"]), summary=result["summary"]), icon=":material/check:")
    for seed in result["seeds"]:
        for added_document in adding.documents_of(data.current_data_dir(), seed):
            st.subheader(added_document["title"])
            st.page_link(
                ui.DOCUMENTS_PAGE,
                label=t("add.open_document"),
                icon=":material/article:",
                query_params={"doc": added_document["doc_id"]} | ui.language_params(),
            )
            document, spans = data.document_text(added_document["doc_id"])
            st.caption(t("documents.legend"))
            st.html(text_view.highlighted_html(document["text"] or "", spans, current_language()))

# --- the library: what was added, corrections afterwards, remove / put back --------------------------
library_rows = adding.library_rows(data.current_data_dir())
st.header(t("add.library"))
if not library_rows:
    st.caption(t("add.library.empty"))
    st.stop()
st.dataframe(
    [
        {
            t("add.library.name"): r["name"],
            "DOC_ID": r["doc_id"],
            t("add.library.state"): t(f"add.state.{r['state']}"),
            t("add.library.targets"): r["targets"],
            t("add.library.added"): r["added"],
        }
        for r in library_rows
    ],
    hide_index=True,
    key="library_table",
)
by_id = {r["doc_id"]: r for r in library_rows}
chosen_id = st.selectbox(
    t("add.library.choose"),
    list(by_id),
    key="library_choice",
    format_func=lambda doc_id: f"{by_id[doc_id]['name']} ({doc_id})",
)
row = by_id[chosen_id]
current = adding.documents_of(data.current_data_dir(), row["seed"])[:1]
if row["state"] == "built" and current:
    shown = adding.metadata_of(current[0])
    with st.form(f"library_edit_{chosen_id}"):
        left, right = st.columns(2)
        edited = {
            "title": left.text_input(t("add.title"), shown["title"], key=f"library_title_{chosen_id}"),
            "issuer": right.text_input(t("add.issuer"), shown["issuer"], key=f"library_issuer_{chosen_id}"),
            "issue_date": left.text_input(
                t("add.date"), shown["issue_date"], placeholder="YYYY-MM-DD", key=f"library_date_{chosen_id}"
            ),
        }
        levels = ["", *library.LEVELS]
        edited["level"] = right.selectbox(
            t("add.level"),
            levels,
            key=f"library_level_{chosen_id}",
            index=levels.index(shown["level"]) if shown["level"] in levels else 0,
            format_func=lambda level: level_label(level) if level else "—",
        )
        st.caption(t("add.library.hint"))
        save = st.form_submit_button(t("add.library.save"), type="primary")
    if save:
        try:
            with st.spinner(t("add.progress.build")):
                st.session_state["library_message"] = adding.correct_and_build(
                    data.current_data_dir(), chosen_id, shown, edited
                )
        except EtlError as error:
            st.error(str(error), icon=":material/error:")
        else:
            st.rerun()
undo = row["state"] == "removed"
if st.button(t("add.library.put_back" if undo else "add.library.remove"), key=f"library_remove_{chosen_id}"):
    with st.spinner(t("add.progress.build")):
        st.session_state["library_message"] = adding.remove_and_build(data.current_data_dir(), chosen_id, undo=undo)
    st.rerun()
if message := st.session_state.pop("library_message", None):
    st.success(message, icon=":material/check:")
