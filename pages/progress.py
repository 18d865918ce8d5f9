"""Progress: template download, upload with a validation report, confirm, history with undo, orphans.

A layout only: checking and importing live in etl.progress.flow, storage in etl.store.progress,
cached reads in pages.common.data. In read-only mode the history is shown but uploads and undo are
not offered. When progress.duckdb cannot be read nothing is uploaded into it; the person may move
it aside (renamed, never deleted) after confirming. Text from an uploaded file is shown as text
(fmt.plain), and every table through tables.show.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.errors import EtlError
from etl.progress.flow import UploadCheck, check_upload, confirm_import
from etl.progress.reading import MAX_FILE_BYTES
from etl.store import progress as progress_store
from etl.store.paths import data_dir
from pages.common import access, data, export, tables
from pages.common import format as fmt
from pages.common.i18n import t

access.require_password()
folder = data_dir()
CHECKS = "progress_checks"  # session state: file key -> UploadCheck, so a confirm survives the rerun
IMPORTED = "progress_imported"  # session state: sha256 -> ImportResult shown after the import
MOVED = "progress_moved_aside"  # session state: where a damaged progress.duckdb was moved to
ENCODINGS = {"": "progress.encoding.detected", "cp1252": "progress.encoding.cp1252"}
read_only = access.read_only()
problem = data.progress_problem()

st.title(t("nav.progress"))
st.caption(t("progress.intro"))

# --- 1. Template -------------------------------------------------------------------------------------
st.subheader(t("progress.template.heading"))
export.template_button(
    lambda: progress_store.template_targets(folder),  # built on click, not on every visit
    t("progress.template.button", n=data.template_count()),
    key="progress_template",
)
st.caption(t("progress.template.help"))


# --- The database itself --------------------------------------------------------------------------
def show_unreadable(message: str) -> None:
    """progress.duckdb cannot be read: say so, keep it, and (on explicit confirmation) move it aside."""
    st.error(fmt.plain(message), icon=":material/error:")
    if read_only:
        return
    st.markdown(t("progress.damaged.help"))
    agreed = st.checkbox(t("progress.damaged.agree"), key="progress_move_confirm")
    if st.button(
        t("progress.damaged.move"), key="progress_move_aside", disabled=not agreed, icon=":material/drive_file_move:"
    ):
        try:
            st.session_state[MOVED] = str(progress_store.move_aside(folder))
        except EtlError as error:
            st.error(fmt.plain(error))
            return
        st.rerun()


if moved := st.session_state.pop(MOVED, None):
    st.success(t("progress.damaged.moved", path=moved))
if read_only:
    access.read_only_notice()
if problem is not None:
    show_unreadable(problem)
    st.stop()

# --- 2. Upload and check -----------------------------------------------------------------------------
if not read_only:
    st.subheader(t("progress.upload.heading"))
uploaded = (
    None
    if read_only
    else st.file_uploader(
        t("progress.upload.label", mb=MAX_FILE_BYTES // 1024 // 1024),
        type=["csv", "tsv", "txt", "xlsx", "xls"],
        max_upload_size=MAX_FILE_BYTES // 1024 // 1024,
        key="progress_file",
    )
)


def show_report(check: UploadCheck) -> bool:
    """The report; False while the person has not confirmed a doubted encoding."""
    report = check.report
    assert report is not None  # a check without an error has a report
    left, middle, right = st.columns(3)
    left.metric(t("progress.report.rows"), report.rows)
    middle.metric(t("progress.report.valid"), len(report.valid))
    right.metric(t("progress.report.rejected"), len(report.rejected))
    confirmed = True
    if report.encoding_doubt or st.session_state.get("progress_encoding"):
        if report.encoding_doubt:
            st.warning(fmt.plain(report.encoding_doubt), icon=":material/translate:")
        st.selectbox(
            t("progress.encoding.choose"),
            list(ENCODINGS),
            format_func=lambda e: t(ENCODINGS[e]),
            key="progress_encoding",
        )
        if report.encoding_doubt:
            confirmed = st.checkbox(t("progress.encoding.confirm"), key="progress_encoding_ok")
    for note in report.notes:
        st.info(fmt.plain(note), icon=":material/info:")
    if report.rejected:
        st.warning(t("progress.report.rejected_help", n=len(report.rejected)))
        tables.show(
            report.rejected_frame(),
            hide_index=True,
            key="progress_rejected",
            column_config={
                "line": st.column_config.NumberColumn(t("progress.col.line"), format="%d"),
                "quantity_id": t("progress.col.quantity_id"),
                "reason": st.column_config.TextColumn(t("progress.col.reason"), width="large"),
                "text": t("progress.col.text"),
            },
        )
    if report.valid:
        with st.expander(t("progress.report.valid_rows", n=len(report.valid))):
            tables.show(report.valid_frame().head(500), hide_index=True, key="progress_valid")
    return confirmed


def show_import_button(check: UploadCheck, data: bytes, confirmed: bool) -> None:
    report = check.report
    assert report is not None  # a check without an error has a report
    done = st.session_state.setdefault(IMPORTED, {}).get(report.sha256)
    if done is not None:
        st.success(t("progress.import.done", id=done.upload_id, new=done.imported, same=done.unchanged))
        return
    if not report.valid:
        return
    label = (
        t("progress.import.all", n=len(report.valid))
        if report.ok
        else t("progress.import.valid", n=len(report.valid), r=len(report.rejected))
    )
    if st.button(label, type="primary", key="progress_confirm", icon=":material/task_alt:", disabled=not confirmed):
        try:
            st.session_state[IMPORTED][report.sha256] = confirm_import(check, data, folder)
        except EtlError as error:
            st.error(fmt.plain(error))
            return
        st.rerun()


if uploaded is not None:
    content = uploaded.getvalue()
    checks = st.session_state.setdefault(CHECKS, {})
    encoding = st.session_state.get("progress_encoding") or None
    key = f"{uploaded.name}:{len(content)}:{hash(content)}:{encoding}"
    if key not in checks:
        checks.clear()  # keep only the file on screen
        checks[key] = check_upload(uploaded.name, content, folder, encoding)
    check = checks[key]
    if check.error:
        st.error(fmt.plain(check.error), icon=":material/error:")
    else:
        show_import_button(check, content, show_report(check))

# --- 3. History --------------------------------------------------------------------------------------
st.subheader(t("progress.history.heading"))
uploads = data.uploads()
if uploads.empty:
    st.info(t("progress.history.none"))
else:
    active, undone = t("progress.history.active"), t("progress.history.undone")
    history = pd.DataFrame(
        {
            "upload_id": uploads["upload_id"],
            "file_name": uploads["file_name"],
            "uploaded_at": uploads["uploaded_at"],
            "rows": uploads["rows"],
            "imported": uploads["imported"],
            "rejected": uploads["rejected"],
            "state": [undone if flag else active for flag in uploads["undone"]],
            "sha256": uploads["sha256"].str[:12],
        }
    )
    tables.show(
        history,
        hide_index=True,
        key="progress_history",
        column_config={
            "upload_id": st.column_config.NumberColumn("#", format="%d"),
            "file_name": t("progress.col.file"),
            "uploaded_at": st.column_config.DatetimeColumn(t("progress.col.uploaded"), format="YYYY-MM-DD HH:mm"),
            "rows": t("progress.col.rows"),
            "imported": t("progress.col.imported"),
            "rejected": t("progress.col.rejected"),
            "state": t("progress.col.state"),
            "sha256": "sha256",
        },
    )
if not uploads.empty and not read_only:
    by_id = uploads.set_index("upload_id")
    chosen = st.selectbox(
        t("progress.history.choice"),
        uploads["upload_id"].tolist(),
        key="progress_history_choice",
        format_func=lambda i: f"#{i} · {by_id.loc[i, 'file_name']}",
    )
    is_undone = bool(by_id.loc[chosen, "undone"])
    if is_undone:
        clicked = st.button(t("progress.history.restore", id=chosen), key="progress_restore", icon=":material/restore:")
    else:
        clicked = st.button(t("progress.history.undo", id=chosen), key="progress_undo", icon=":material/undo:")
    st.caption(t("progress.history.help"))
    if clicked:
        try:
            (progress_store.restore_upload if is_undone else progress_store.undo_upload)(folder, chosen)
        except EtlError as error:
            st.error(fmt.plain(error))
        else:
            st.session_state.get(IMPORTED, {}).clear()
            st.rerun()

# --- Orphans -----------------------------------------------------------------------------------------
orphans = data.orphans()
if not orphans.empty:
    st.subheader(t("progress.orphans.heading"))
    st.warning(t("progress.orphans.help", n=len(orphans)))
    tables.show(orphans, hide_index=True, key="progress_orphans")
