"""Widget values kept in the URL query string, so a link reproduces a view.

Streamlit's `bind="query-params"` writes the *formatted* option into the URL (a translated label),
which would make a link depend on the reader's language; these helpers store the raw codes
(document ids, status codes, years) instead. Pattern: `seed(key, ...)` before the widget, the widget
with `key=`, then `publish(key, value)` after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

STATE_PREFIX = "url:"


def state_key(name: str) -> str:
    return STATE_PREFIX + name


def seed_list(name: str, options: Sequence, parse: Callable[[str], object] = str) -> None:
    """Start a multiselect from `?name=a&name=b` (values not among `options` are dropped)."""
    key = state_key(name)
    if key in st.session_state or name not in st.query_params:
        return
    chosen = []
    for part in requested(name):
        try:
            value = parse(part)
        except ValueError:
            continue
        if value in options and value not in chosen:
            chosen.append(value)
    st.session_state[key] = chosen


def requested(name: str) -> list[str]:
    """The raw values of `?name=a&name=b,c` (unchecked: only ever SQL parameters or option lookups)."""
    return [part for raw in st.query_params.get_all(name) for part in raw.split(",")]


def current_list(name: str) -> list:
    """A multiselect's choice before it is drawn: its state, else what the URL asks for."""
    key = state_key(name)
    return list(st.session_state[key]) if key in st.session_state else requested(name)


def seed_value(name: str, parse: Callable[[str], object], default) -> None:
    """Start a single-value widget from `?name=value` (the default when missing or unreadable)."""
    key = state_key(name)
    if key in st.session_state:
        return
    try:
        st.session_state[key] = parse(st.query_params[name]) if name in st.query_params else default
    except ValueError:
        st.session_state[key] = default


def publish(name: str, value, default=None) -> None:
    """Write a widget's value to the URL (lists as repeated keys); remove it when at its default."""
    empty = value in (None, "", [], ()) or value == default
    if empty:
        if name in st.query_params:
            del st.query_params[name]
        return
    encoded = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    if (st.query_params.get_all(name) if isinstance(encoded, list) else st.query_params.get(name)) != encoded:
        st.query_params[name] = encoded
