"""Review controls: who is reviewing, confirm / reject / edit a record, add a missed one, the queue,
orphaned corrections and the history with undo. The pages call one function each.

Every write goes through etl.review (which stores it with its audit row); every action is refused
in read-only mode and without a reviewer's name. Text from documents and from people is shown
through st.text / st.dataframe or escaped HTML, never as markdown or raw HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, cast

import pandas as pd
import streamlit as st

from etl import review
from etl.corrections import CHANGES, COMPARATORS, EDITABLE_FIELDS, KINDS, REJECTED, FieldProblem
from etl.errors import EtlError
from pages.common import access, data, filters
from pages.common.i18n import current_language, t
from pages.common.text_view import detail_href

NAME_KEY = "reviewer_name"
FLASH_KEY = "review_flash"
SKIPPED_KEY = "review_skipped"


def tr(key: str, **fmt) -> str:
    """A Review string from the one catalogue (pages/common/i18n.py, "review.*" keys)."""
    return t(f"review.{key}", **fmt)


# --- who, and may they --------------------------------------------------------------------------


def reviewer() -> str:
    """The name recorded with each change: the signed-in user when Streamlit's login is used, else
    the name typed once per session in the sidebar ("" until typed)."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name") or "")
    except (AttributeError, KeyError, st.errors.StreamlitAPIException):
        pass
    st.session_state.setdefault(NAME_KEY, "")
    typed = st.sidebar.text_input(tr("name"), value=st.session_state[NAME_KEY], max_chars=100, key="reviewer_input")
    st.session_state[NAME_KEY] = typed.strip()
    return st.session_state[NAME_KEY]


def may_edit(who: str) -> bool:
    """Whether edits are possible now; says why not."""
    if access.read_only():
        st.info(tr("read_only"), icon=":material/visibility:")
        return False
    if not who:
        st.info(tr("need_name"), icon=":material/badge:")
        return False
    return True


def _flash() -> None:
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        (st.success if kind == "ok" else st.warning if kind == "warn" else st.error)(text)


def _run(done: str, action: Callable[[], object]) -> None:
    """Run a write (a button callback); what happened is shown on the next run."""
    messages = []
    if access.read_only():
        messages.append(("error", tr("read_only")))
    else:
        try:
            result = action()
            messages.append(("ok", tr(done)))
            replaced = getattr(result, "replaced", None)
            if replaced:
                messages.append(
                    ("warn", tr("replaced", who=replaced["who"], when=f"{replaced['changed_at']:%Y-%m-%d %H:%M:%S}"))
                )
        except (FieldProblem, EtlError) as problem:
            messages.append(("error", str(problem)))
    st.session_state[FLASH_KEY] = messages


def _revision(correction_id) -> int | None:
    if correction_id is None or pd.isna(correction_id):
        return 0
    found = [c for c in data.stored_corrections() if c.correction_id == int(correction_id)]
    return found[0].revision if found else None


# --- one record ---------------------------------------------------------------------------------


def _sentence_html(sentence: str, number: str) -> str:
    at = sentence.find(number) if number else -1
    if at < 0:
        return f"<blockquote>{html.escape(sentence)}</blockquote>"
    return (
        f"<blockquote>{html.escape(sentence[:at])}<mark>{html.escape(number)}</mark>"
        f"{html.escape(sentence[at + len(number) :])}</blockquote>"
    )


def _missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _text(value) -> str:
    """A value as a form shows it: "" for missing (None, NaN, pd.NA), 2025 not 2025.0."""
    if _missing(value):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def field_inputs(values: dict, key: str) -> None:
    """The editable fields as form widgets, pre-filled with `values`; read back with `typed(key)`."""
    label = lambda name: t(f"review.field.{name}")  # noqa: E731
    left, middle, right = st.columns(3)
    left.selectbox(
        label("kind"),
        KINDS,
        index=KINDS.index(values.get("kind")) if values.get("kind") in KINDS else 0,
        key=f"{key}:kind",
    )
    middle.text_input(label("indicator"), _text(values.get("indicator")), key=f"{key}:indicator", max_chars=200)
    right.text_input(label("unit"), _text(values.get("unit")), key=f"{key}:unit", max_chars=200)
    left.text_input(label("value"), _text(values.get("value")), key=f"{key}:value")
    middle.text_input(label("value_high"), _text(values.get("value_high")), key=f"{key}:value_high")
    comparator = values.get("comparator") if values.get("comparator") in COMPARATORS else "="
    right.selectbox(label("comparator"), COMPARATORS, index=COMPARATORS.index(comparator), key=f"{key}:comparator")
    changes = ("",) + CHANGES
    change = values.get("change") if values.get("change") in CHANGES else ""
    left.selectbox(
        label("change"), changes, index=changes.index(change), key=f"{key}:change", format_func=lambda c: c or "—"
    )
    middle.text_input(label("baseline_year"), _text(values.get("baseline_year")), key=f"{key}:baseline_year")
    right.text_input(label("target_year"), _text(values.get("target_year")), key=f"{key}:target_year")
    left.checkbox(
        label("per_year"),
        False if _missing(values.get("per_year")) else bool(values.get("per_year")),
        key=f"{key}:per_year",
    )


def typed(key: str) -> dict:
    return {name: st.session_state.get(f"{key}:{name}") for name in EDITABLE_FIELDS}


def _record_actions(quantity_id: str, correction_id, who: str, key: str, values: dict) -> None:
    """Confirm / reject buttons and the edit form for one shown record."""
    folder = data.current_data_dir()
    seen = _revision(correction_id)
    left, middle, right = st.columns([1, 2, 3])
    left.button(
        tr("confirm"),
        key=f"{key}:confirm",
        type="primary",
        icon=":material/check:",
        on_click=_run,
        args=("done.confirm", lambda: review.confirm(folder, data.connection(), quantity_id, who, seen)),
    )
    middle.button(
        tr("reject"),
        key=f"{key}:reject",
        icon=":material/block:",
        on_click=_run,
        args=("done.reject", lambda: review.reject(folder, data.connection(), quantity_id, who, seen)),
    )
    with st.expander(tr("edit"), expanded=False), st.form(f"{key}:form"):
        field_inputs(values, key)
        st.form_submit_button(
            tr("save"),
            on_click=_run,
            args=("done.edit", lambda: review.edit(folder, data.connection(), quantity_id, typed(key), who, seen)),
        )


def edit_controls(detail: dict) -> None:
    """On the Target detail page: the record's origin, whether it is checked, and the controls."""
    st.divider()
    _flash()
    st.caption(tr("state", origin=detail.get("origin") or "extracted", checked="✓" if detail.get("checked") else "–"))
    who = reviewer()
    if may_edit(who):
        values = {name: detail.get(name) for name in EDITABLE_FIELDS}
        _record_actions(
            detail["quantity_id"], detail.get("correction_id"), who, f"detail:{detail['quantity_id']}", values
        )
    correction_id = detail.get("correction_id")
    if correction_id is not None and not pd.isna(correction_id):  # a record nobody changed has no history
        _history(correction_id, who)


def rejected_notice(quantity_id: str) -> None:
    """On the Target detail page, for an id that is hidden because someone rejected it."""
    for correction in data.stored_corrections():
        if correction.anchor.quantity_id == quantity_id and correction.snapshot.state == REJECTED:
            st.info(tr("rejected_notice", who=correction.updated_by))
            return


def review_link() -> None:
    """On the Targets page: open the review queue with the same filters (they live in the URL)."""
    params = {k: st.query_params.get_all(k) for k in st.query_params if k != "page"}
    st.page_link(
        "pages/review.py",
        label=tr("review_these"),
        icon=":material/fact_check:",
        query_params={k: v if len(v) > 1 else v[0] for k, v in params.items() if v},
    )


def checked_caption() -> None:
    """Overview: how many targets a person has checked."""
    st.caption(tr("checked", **data.review_counts()))


# --- the queue ------------------------------------------------------------------------------------


def queue_page() -> None:
    _flash()
    who = reviewer()
    counts = data.review_counts()
    st.progress(counts["checked"] / counts["targets"] if counts["targets"] else 0.0, text=tr("checked", **counts))
    chosen = filters.target_filters(data.filter_options(), data.document_options)
    queue = data.review_queue(chosen, 50)
    skipped = st.session_state.setdefault(SKIPPED_KEY, [])
    if not queue.empty:
        queue = pd.concat([queue[~queue["quantity_id"].isin(skipped)], queue[queue["quantity_id"].isin(skipped)]])
    if queue.empty:
        st.success(tr("queue.empty"))
    else:
        row = queue.iloc[0]
        st.subheader(tr("queue.current", confidence=float(row["confidence"])))
        st.text(str(row["title"]))
        st.html(_sentence_html(str(row["sentence"]), str(row["number_text"] or "")))
        st.dataframe(
            pd.DataFrame([{name: row[name] for name in EDITABLE_FIELDS if name in row}]),
            hide_index=True,
            key="queue_current_fields",
        )
        st.page_link(
            "pages/target_detail.py",
            label=str(row["quantity_id"]),
            icon=":material/open_in_new:",
            query_params={"id": str(row["quantity_id"])},
        )
        if may_edit(who):
            key = f"queue:{row['quantity_id']}"
            _record_actions(
                str(row["quantity_id"]), row["correction_id"], who, key, {n: row.get(n) for n in EDITABLE_FIELDS}
            )
            st.button(tr("skip"), key=f"{key}:skip", on_click=lambda q=str(row["quantity_id"]): skipped.append(q))
        st.subheader(tr("queue.next"))
        language = current_language()
        rest = queue.iloc[1:21]
        st.dataframe(
            pd.DataFrame(
                {
                    "": [detail_href(q, language) for q in rest["quantity_id"]],
                    "confidence": rest["confidence"],
                    "indicator": rest["indicator"],
                    "value": rest["value"],
                    "unit": rest["unit"],
                    "target_year": rest["target_year"],
                    "sentence": rest["sentence"],
                    "document": rest["title"],
                }
            ),
            hide_index=True,
            column_config={"": st.column_config.LinkColumn(display_text="↗", width="small")},
            key="queue_next",
        )
    orphans_and_rejected(who)
    _history(None, who)


def orphans_and_rejected(who: str) -> None:
    orphans = data.orphaned_corrections()
    if orphans:
        st.warning(tr("orphans", n=len(orphans)), icon=":material/link_off:")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "#": o.correction.correction_id,
                        "reason": o.reason,
                        "state": o.correction.snapshot.state,
                        "number": o.correction.anchor.number_text,
                        "sentence": o.correction.anchor.sentence,
                        "document": o.correction.anchor.doc_title,
                        "file": o.correction.anchor.seed,
                        "changes": o.correction.snapshot.to_json(),
                        "by": o.correction.updated_by,
                    }
                    for o in orphans
                ]
            ),
            hide_index=True,
            key="orphans_table",
        )
    placed = {c.correction_id for c in data.stored_corrections()} - {o.correction.correction_id for o in orphans}
    rejected = [c for c in data.stored_corrections() if c.snapshot.state == REJECTED and c.correction_id in placed]
    if rejected:
        with st.expander(tr("rejected", n=len(rejected))):
            for c in rejected:
                left, right = st.columns([5, 1])
                left.text(f"{c.anchor.number_text} · {c.anchor.sentence}")
                if not access.read_only() and who:
                    right.button(
                        tr("restore"),
                        key=f"reopen:{c.correction_id}",
                        on_click=_run,
                        args=(
                            "done.reopen",
                            lambda cid=c.correction_id: review.reopen(data.current_data_dir(), cid, who),
                        ),
                    )


def _history(correction_id, who: str) -> None:
    audit = data.corrections_audit()
    if correction_id is not None and not pd.isna(correction_id):
        audit = audit[audit["correction_id"] == int(correction_id)]
    elif correction_id is not None:
        audit = audit.iloc[0:0]
    if audit.empty:
        return
    with st.expander(tr("history")):
        st.dataframe(
            audit[["audit_id", "correction_id", "changed_at", "who", "action", "before", "after", "undoes"]],
            hide_index=True,
            key=f"history:{correction_id}",
        )
        if not access.read_only() and who:
            left, right = st.columns([2, 1], vertical_alignment="bottom")
            described = {
                int(r.audit_id): f"#{r.audit_id} · {r.action} · {r.who} · {r.changed_at:%Y-%m-%d %H:%M}"
                for r in audit.itertuples(index=False)
            }
            left.selectbox(
                tr("undo_which"),
                list(described),
                format_func=cast(Callable[[Any], str], described.get),  # dict.get is overloaded; each option is a key
                key=f"undo_choice:{correction_id}",
            )
            right.button(
                tr("undo"),
                key=f"undo:{correction_id}",
                icon=":material/undo:",
                on_click=_run,
                args=(
                    "done.undo",
                    lambda: review.undo(
                        data.current_data_dir(), int(st.session_state[f"undo_choice:{correction_id}"]), who
                    ),
                ),
            )


# --- adding a missed quantity (Documents page) ------------------------------------------------------


def add_missed(document: dict) -> None:
    """Under a document's text: pick a sentence, pick its number, check the pre-filled fields, add."""
    with st.expander(tr("add.title"), icon=":material/add_circle:"):
        _flash()
        who = reviewer()
        if not may_edit(who):
            return
        doc = review.DocText(
            document["doc_id"],
            document.get("source_file") or "",
            document.get("title") or "",
            document.get("text") or "",
        )
        query = st.text_input(tr("add.find"), key=f"add_find:{doc.doc_id}", max_chars=100)
        if not query.strip():
            return
        spans = review.sentences_containing(doc.text, query)
        if not spans:
            st.info(tr("add.none"))
            return
        span = st.selectbox(
            tr("add.sentence"),
            spans,
            format_func=lambda s: doc.text[s[0] : s[1]][:120],
            key=f"add_sentence:{doc.doc_id}",
        )
        choices = review.numbers_in(review.document_record(document), *span)
        if not choices:
            st.info(tr("add.none"))
            return
        choice = st.selectbox(
            tr("add.number"), choices, format_func=lambda c: c.text, key=f"add_number:{doc.doc_id}:{span[0]}"
        )
        st.html(_sentence_html(doc.text[span[0] : span[1]], choice.text))
        key = f"add:{doc.doc_id}:{choice.start}"
        folder = data.current_data_dir()
        with st.form(f"{key}:form"):
            field_inputs(choice.fields, key)
            st.form_submit_button(
                tr("add"),
                type="primary",
                on_click=_run,
                args=(
                    "done.add",
                    lambda: review.add(
                        folder, data.connection(), doc.doc_id, choice.start, choice.end, typed(key), who
                    ),
                ),
            )
