"""Progress: template download, upload with a validation report, confirm, history with undo, orphans.

A layout only: checking and importing live in etl.progress.flow, storage in etl.store.progress.
In read-only mode the history is shown but uploads and undo are not offered. When progress.duckdb
cannot be read nothing is uploaded into it; the person may move it aside (renamed, never deleted)
after confirming.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.errors import EtlError
from etl.progress.validation import MAX_FILE_BYTES
from etl.progress.flow import UploadCheck, check_upload, confirm_import
from etl.store import progress as progress_store
from etl.store.paths import data_dir
from pages.common import access, export
from pages.common.i18n import t, translate

access.require_password()
folder = data_dir()
CHECKS = "progress_checks"  # session state: sha256 -> UploadCheck, so a confirm survives the rerun
IMPORTED = "progress_imported"  # session state: sha256 -> ImportResult shown after the import
MOVED = "progress_moved_aside"  # session state: where a damaged progress.duckdb was moved to
read_only = access.read_only()
problem = progress_store.problem(folder)

st.title(t("nav.progress"))
st.caption(translate({
    "en": "Upload the latest figures for the targets you track. Every row is checked first; nothing is "
          "saved until you confirm, and every upload can be undone.",
    "zh": "上传所跟踪目标的最新数据。每一行都会先经过检查；确认之前不会保存任何数据，每次上传都可以撤销。"}))

# --- 1. Template -------------------------------------------------------------------------------------
st.subheader(translate({"en": "1. Download the template", "zh": "1. 下载模板"}))
targets = progress_store.template_targets(folder)
export.template_button(
    targets, translate({"en": "Template for all {n} targets (CSV)", "zh": "全部 {n} 个目标的模板（CSV）"}, n=len(targets)),
    key="progress_template")
st.caption(translate({
    "en": "Fill in `period` (2024, 2024-06 or 2024-06-30) and `value` (1,234.5, 28亿, 87%); rows left empty are "
          "skipped. Chinese headers (指标编号, 期间, 数值, 备注), GBK files from Excel and tabs are fine.",
    "zh": "填写 `period`（2024、2024-06 或 2024-06-30）和 `value`（1,234.5、28亿、87%）；未填写的行会被跳过。"
          "可用中文表头（指标编号、期间、数值、备注），Excel 保存的 GBK 文件和制表符分隔的文件均可。"}))

# --- The database itself --------------------------------------------------------------------------
def show_unreadable(message: str) -> None:
    """progress.duckdb cannot be read: say so, keep it, and (on explicit confirmation) move it aside."""
    st.error(message, icon=":material/error:")
    if read_only:
        return
    st.markdown(translate({
        "en": "Uploads are turned off until this is resolved. If you have no backup to restore, you can move the "
              "file aside: it is **renamed** (progress.duckdb.corrupt-<time>), not deleted, so it can still be "
              "sent for repair; the next upload then starts a new, empty progress database.",
        "zh": "在解决此问题之前，上传功能已关闭。如果没有可恢复的备份，可以把该文件移到一旁：文件会被**重命名**"
              "（progress.duckdb.corrupt-<时间>），不会删除，仍可送去修复；之后的上传会建立一个新的空进展数据库。"}))
    agreed = st.checkbox(translate({"en": "I understand: the figures in the damaged file will no longer be shown.",
                                    "zh": "我已了解：损坏文件中的数据将不再显示。"}), key="progress_move_confirm")
    if st.button(translate({"en": "Move the damaged file aside", "zh": "将损坏的文件移到一旁"}),
                 key="progress_move_aside", disabled=not agreed, icon=":material/drive_file_move:"):
        try:
            st.session_state[MOVED] = str(progress_store.move_aside(folder))
        except EtlError as error:
            st.error(str(error))
            return
        st.rerun()


if moved := st.session_state.pop(MOVED, None):
    st.success(translate({"en": "The damaged file was moved to {path}; it is kept there. New uploads go to a new "
                                "progress database.",
                          "zh": "损坏的文件已移至 {path} 并保留。新的上传将保存到新的进展数据库。"}, path=moved))
if read_only:
    access.read_only_notice()
if problem is not None:
    show_unreadable(problem)
    st.stop()

# --- 2. Upload and check -----------------------------------------------------------------------------
if not read_only:
    st.subheader(translate({"en": "2. Upload and check", "zh": "2. 上传并检查"}))
uploaded = None if read_only else st.file_uploader(
    translate({"en": "Progress file (CSV, up to {mb} MB)", "zh": "进展数据文件（CSV，最大 {mb} MB）"},
              mb=MAX_FILE_BYTES // 1024 // 1024),
    type=["csv", "tsv", "txt", "xlsx", "xls"], max_upload_size=MAX_FILE_BYTES // 1024 // 1024, key="progress_file")


def show_report(check: UploadCheck) -> None:
    report = check.report
    left, middle, right = st.columns(3)
    left.metric(translate({"en": "Rows", "zh": "行数"}), report.rows)
    middle.metric(translate({"en": "Valid", "zh": "有效"}), len(report.valid))
    right.metric(translate({"en": "Rejected", "zh": "被拒绝"}), len(report.rejected))
    for note in report.notes:
        st.info(note, icon=":material/info:")
    if report.rejected:
        st.warning(translate({"en": "{n} rows were rejected. Fix them in the file and upload it again, or import "
                                    "the valid rows now.",
                              "zh": "{n} 行未通过检查。可在文件中修改后重新上传，或先导入有效的行。"},
                             n=len(report.rejected)))
        st.dataframe(report.rejected_frame(), hide_index=True, key="progress_rejected", column_config={
            "line": st.column_config.NumberColumn(translate({"en": "Line", "zh": "行号"}), format="%d"),
            "quantity_id": translate({"en": "quantity_id", "zh": "指标编号"}),
            "reason": st.column_config.TextColumn(translate({"en": "Reason", "zh": "原因"}), width="large"),
            "text": translate({"en": "Row as read", "zh": "原始内容"})})
    if report.valid:
        with st.expander(translate({"en": "Valid rows ({n})", "zh": "有效行（{n}）"}, n=len(report.valid))):
            st.dataframe(report.valid_frame().head(500), hide_index=True, key="progress_valid")


def show_import_button(check: UploadCheck, data: bytes) -> None:
    report = check.report
    done = st.session_state.setdefault(IMPORTED, {}).get(report.sha256)
    if done is not None:
        st.success(translate({"en": "Saved as upload #{id}: {new} figures imported, {same} were already there.",
                              "zh": "已保存为第 {id} 次上传：导入 {new} 条数据，{same} 条已存在。"},
                             id=done.upload_id, new=done.imported, same=done.unchanged))
        return
    if not report.valid:
        return
    label = (translate({"en": "Import {n} rows", "zh": "导入 {n} 行"}, n=len(report.valid)) if report.ok else
             translate({"en": "Import the {n} valid rows, skip {r} rejected",
                        "zh": "导入 {n} 行有效数据，跳过 {r} 行"}, n=len(report.valid), r=len(report.rejected)))
    if st.button(label, type="primary", key="progress_confirm", icon=":material/task_alt:"):
        try:
            st.session_state[IMPORTED][report.sha256] = confirm_import(check, data, folder)
        except EtlError as error:
            st.error(str(error))
            return
        st.rerun()


if uploaded is not None:
    data = uploaded.getvalue()
    checks = st.session_state.setdefault(CHECKS, {})
    key = f"{uploaded.name}:{len(data)}:{hash(data)}"
    if key not in checks:
        checks.clear()  # keep only the file on screen
        checks[key] = check_upload(uploaded.name, data, folder)
    check = checks[key]
    if check.error:
        st.error(check.error, icon=":material/error:")
    else:
        show_report(check)
        show_import_button(check, data)

# --- 3. History --------------------------------------------------------------------------------------
st.subheader(translate({"en": "3. Upload history", "zh": "3. 上传记录"}))
uploads = progress_store.read_uploads(folder)
if uploads.empty:
    st.info(translate({"en": "Nothing has been uploaded yet.", "zh": "尚无上传记录。"}))
else:
    active = translate({"en": "in effect", "zh": "生效"})
    undone = translate({"en": "undone", "zh": "已撤销"})
    history = pd.DataFrame({
        "upload_id": uploads["upload_id"], "file_name": uploads["file_name"], "uploaded_at": uploads["uploaded_at"],
        "rows": uploads["rows"], "imported": uploads["imported"], "rejected": uploads["rejected"],
        "state": [undone if flag else active for flag in uploads["undone"]], "sha256": uploads["sha256"].str[:12]})
    st.dataframe(history, hide_index=True, key="progress_history", column_config={
        "upload_id": st.column_config.NumberColumn("#", format="%d"),
        "file_name": translate({"en": "File", "zh": "文件"}),
        "uploaded_at": st.column_config.DatetimeColumn(translate({"en": "Uploaded (UTC)", "zh": "上传时间（UTC）"}),
                                                       format="YYYY-MM-DD HH:mm"),
        "rows": translate({"en": "Rows", "zh": "行数"}),
        "imported": translate({"en": "Imported", "zh": "导入"}),
        "rejected": translate({"en": "Rejected", "zh": "拒绝"}),
        "state": translate({"en": "State", "zh": "状态"}),
        "sha256": "sha256"})
if not uploads.empty and not read_only:
    ids = uploads["upload_id"].tolist()
    chosen = st.selectbox(translate({"en": "Upload", "zh": "上传记录"}), ids, key="progress_history_choice",
                          format_func=lambda i: f"#{i} · {uploads.set_index('upload_id').loc[i, 'file_name']}")
    is_undone = bool(uploads.set_index("upload_id").loc[chosen, "undone"])
    if is_undone:
        clicked = st.button(translate({"en": "Restore upload #{id}", "zh": "恢复第 {id} 次上传"}, id=chosen),
                            key="progress_restore", icon=":material/restore:")
    else:
        clicked = st.button(translate({"en": "Undo upload #{id}", "zh": "撤销第 {id} 次上传"}, id=chosen),
                            key="progress_undo", icon=":material/undo:")
    st.caption(translate({"en": "Undo takes an upload's figures out of use; nothing is deleted, and Restore "
                               "brings them back.",
                         "zh": "撤销会停用该次上传的数据，但不会删除；可随时恢复。"}))
    if clicked:
        try:
            (progress_store.restore_upload if is_undone else progress_store.undo_upload)(folder, chosen)
        except EtlError as error:
            st.error(str(error))
        else:
            st.session_state.get(IMPORTED, {}).clear()
            st.rerun()

# --- Orphans -----------------------------------------------------------------------------------------
orphans = progress_store.read_orphans(folder)
if not orphans.empty:
    st.subheader(translate({"en": "Progress without a target", "zh": "找不到对应目标的进展数据"}))
    st.warning(translate({
        "en": "Figures whose target is no longer in the targets database (a rebuild may have changed the "
              "extraction): {n}. They are kept, not deleted.",
        "zh": "有 {n} 条数据对应的目标已不在目标库中（重新建库后抽取结果可能有变化）。这些数据会保留，不会删除。"},
        n=len(orphans)))
    st.dataframe(orphans, hide_index=True, key="progress_orphans")
