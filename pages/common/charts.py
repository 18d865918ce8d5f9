"""Every Plotly figure the dashboard draws, built the same way so a screenshot can be shared.

Each figure has a title, axis titles with units, a subtitle naming the source and the "as of" date
(it travels with the image), a font that renders Chinese in exported PNGs, and a toolbar PNG
download at scale 2 with a meaningful file name (`png_config`).
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from etl.status import is_relative, year_end
from pages.common import format as fmt
from pages.common.i18n import current_language, status_label, t
from pages.common.tables import relative_text

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans CJK JP, Noto Sans, sans-serif"
STATUS_COLORS = {
    "achieved": "#1a9850",
    "ahead": "#66bd63",
    "on_track": "#4575b4",
    "lagging": "#f46d43",
    "overdue": "#a50026",
    "no_data": "#9e9e9e",
}
BAR_COLOR = "#4575b4"
TARGET_COLOR = "#d73027"
BASELINE_COLOR = "#555555"
PROGRESS_COLOR = "#1a9850"


def png_config(name: str) -> dict:
    """Plotly toolbar config: PNG at twice the size, named after what the chart shows."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": fmt.file_name(name), "scale": 2},
    }


def plain(text: str) -> str:
    """Text from the corpus or an upload, for Plotly: it reads <b>, <a href> ... in any label, so
    escape < > & (Plotly shows the entities as the characters)."""
    return html.escape(str(text), quote=False)


def _finish(fig: go.Figure, title: str, caption: str, x_title: str, y_title: str, height: int = 420) -> go.Figure:
    """Title, subtitle and axis titles (escaped: they carry document titles and indicators)."""
    title, caption, x_title, y_title = plain(title), plain(caption), plain(x_title), plain(y_title)
    fig.update_layout(
        title={"text": title, "subtitle": {"text": caption}, "x": 0.01, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        height=height,
        margin={"t": 80, "l": 60, "r": 30, "b": 60},
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"title": {"text": x_title}, "gridcolor": "#eeeeee"},
        yaxis={"title": {"text": y_title}, "gridcolor": "#eeeeee", "rangemode": "tozero"},
    )
    return fig


def corpus_caption(documents: int, as_of: date) -> str:
    return t("chart.caption.corpus", n=documents, as_of=as_of.isoformat())


def status_bar(counts: pd.DataFrame, caption: str) -> go.Figure:
    """Targets per status; point i is row i of `counts` (status, targets)."""
    labels = [status_label(s) for s in counts["status"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=counts["targets"],
            customdata=counts["status"],
            text=counts["targets"],
            textposition="outside",
            cliponaxis=False,
            marker_color=[STATUS_COLORS.get(s, BAR_COLOR) for s in counts["status"]],
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    return _finish(fig, t("chart.status.title"), caption, t("chart.axis.status"), t("chart.axis.targets"))


def year_labels(years: pd.Series) -> list[str]:
    return [t("chart.no_year") if pd.isna(y) else str(int(y)) for y in years]


def year_bar(by_year: pd.DataFrame, caption: str) -> go.Figure:
    """Targets per target year; point i is row i of `by_year` (target_year, targets)."""
    fig = go.Figure(
        go.Bar(
            x=year_labels(by_year["target_year"]),
            y=by_year["targets"],
            text=by_year["targets"],
            textposition="outside",
            cliponaxis=False,
            marker_color=BAR_COLOR,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    return _finish(fig, t("chart.years.title"), caption, t("chart.axis.year"), t("chart.axis.targets"))


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def document_labels(by_document: pd.DataFrame) -> list[str]:
    """A label per document: its (shortened) title, with issuer and date where titles repeat, since many
    documents share a title ("通知", or one plan published in two places)."""
    titles = [_short(title) for title in by_document["title"]]
    repeated = {title for title in titles if titles.count(title) > 1}
    labels = []
    for title, issuer, issued in zip(titles, by_document["issuer"], by_document["issue_date"]):
        extra = [str(part) for part in (issuer, issued) if isinstance(part, str) and part]
        labels.append(" · ".join([title, *extra]) if title in repeated and extra else title)
    return labels


def document_bar(by_document: pd.DataFrame, caption: str) -> go.Figure:
    """Targets per document, largest on top; point i is row i of `by_document`. Bars are keyed by
    doc_id (documents with one title stay apart) and labelled by title."""
    keys = list(by_document["doc_id"])
    hover = [
        plain(f"{title} · {issuer or ''} · {issued or ''} · {source}:{line}")
        for title, issuer, issued, source, line in zip(
            by_document["title"],
            by_document["issuer"],
            by_document["issue_date"],
            by_document["source_file"],
            by_document["start_line"],
        )
    ]
    fig = go.Figure(
        go.Bar(
            y=keys,
            x=by_document["targets"],
            orientation="h",
            text=by_document["targets"],
            textposition="outside",
            cliponaxis=False,
            customdata=hover,
            marker_color=BAR_COLOR,
            hovertemplate="%{customdata}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(
        autorange="reversed",
        type="category",
        tickmode="array",
        tickvals=keys,
        ticktext=[plain(label) for label in document_labels(by_document)],
    )
    height = max(300, 120 + 32 * len(by_document))
    fig = _finish(
        fig,
        t("chart.documents.title", n=len(by_document)),
        caption,
        t("chart.axis.targets"),
        t("chart.axis.document"),
        height=height,
    )
    fig.update_layout(margin={"l": 20})
    fig.update_yaxes(rangemode="normal", automargin=True)
    return fig


def level_unit(detail: dict) -> str:
    """The unit the indicator itself is measured in (a relative '%' target has no stated one)."""
    unit = detail.get("unit") or ""
    if is_relative(detail.get("change")):
        return "%" if unit == "百分点" else ("" if unit == "%" else unit)
    return unit


def target_title(detail: dict) -> str:
    language = current_language()
    indicator = detail.get("indicator") or _short(detail.get("sentence") or "", 30)
    goal = fmt.target_text(
        detail["value"], detail.get("value_high"), detail.get("unit"), detail.get("comparator"), language
    )
    goal = relative_text(goal, detail.get("change"), detail.get("baseline_year"), detail.get("per_year"), language)
    year = detail.get("target_year")
    if year:
        return f"{indicator}: {goal}" + (f"（{year}年）" if language == "zh" else f" by {year}")
    return f"{indicator}: {goal}"


def _known(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def target_path(
    detail: dict,
    assessment: dict,
    progress: pd.DataFrame,
    as_of: date,
    caption: str,
    reported: pd.DataFrame | None = None,
) -> go.Figure | None:
    """Baseline -> target with the expected straight path, uploaded progress and a 'today' marker;
    with `reported` (etl.queries.reported_points), the figures later documents report, as their own
    series whose hover gives the document and the sentence.

    Returns None when the target's absolute value cannot be known (a relative target without a
    baseline); the page explains that in words instead.
    """
    goal = _known(assessment.get("target_value"))
    if goal is None:
        return None
    baseline = _known(assessment.get("base_value"))
    base_date = assessment.get("base_period") if baseline is not None else None
    language = current_language()
    unit = level_unit(detail)
    fig = go.Figure()
    target_year = detail.get("target_year")
    xs: list[date] = [as_of]
    if base_date is not None:
        xs.append(base_date)
        fig.add_trace(
            go.Scatter(
                x=[base_date],
                y=[baseline],
                mode="markers+text",
                name=t("chart.baseline"),
                marker={"size": 11, "color": BASELINE_COLOR},
                text=[fmt.number(baseline, language)],
                textposition="bottom center",
            )
        )
    if target_year:
        goal_date = year_end(target_year)
        xs.append(goal_date)
        if base_date is not None:
            fig.add_trace(
                go.Scatter(
                    x=[base_date, goal_date],
                    y=[baseline, goal],
                    mode="lines",
                    name=t("chart.expected"),
                    line={"dash": "dash", "color": "#888888"},
                )
            )
        comparator = detail.get("comparator") or "="
        high = detail.get("value_high")
        if high is not None and not is_relative(detail.get("change")):
            fig.add_shape(
                type="rect",
                x0=date(int(target_year), 7, 1),
                x1=date(int(target_year) + 1, 6, 30),
                y0=goal,
                y1=float(high),
                fillcolor=TARGET_COLOR,
                opacity=0.15,
                line_width=0,
            )
            fig.add_trace(
                go.Scatter(
                    x=[goal_date, goal_date],
                    y=[goal, float(high)],
                    mode="lines",
                    name=t("chart.range"),
                    line={"color": TARGET_COLOR, "width": 6},
                )
            )
        symbol = {">=": "triangle-up", ">": "triangle-up", "<=": "triangle-down", "<": "triangle-down"}
        fig.add_trace(
            go.Scatter(
                x=[goal_date],
                y=[goal],
                mode="markers+text",
                name=t("chart.target"),
                marker={"size": 14, "color": TARGET_COLOR, "symbol": symbol.get(comparator, "diamond")},
                text=[plain(fmt.COMPARATOR_SYMBOLS.get(comparator, "") + fmt.number(goal, language) + unit)],
                textposition="middle right",
            )
        )
        if comparator in symbol:  # an arrow from the target point in the allowed direction
            up = comparator.startswith(">")
            fig.add_annotation(
                x=goal_date,
                y=goal,
                ax=0,
                ay=-45 if up else 45,
                showarrow=True,
                arrowhead=2,
                arrowside="start",
                arrowwidth=2,
                arrowcolor=TARGET_COLOR,
                text="",
                standoff=8,
                startstandoff=0,
            )
    else:
        fig.add_hline(
            y=goal,
            line_dash="dash",
            line_color=TARGET_COLOR,
            annotation_text=plain(
                f"{t('chart.target')} {fmt.COMPARATOR_SYMBOLS.get(detail.get('comparator') or '=', '')}"
                f"{fmt.number(goal, language)}{unit}"
            ),
        )
    ys = [0.0, goal] + ([baseline] if baseline is not None else [])
    if target_year and detail.get("value_high") is not None and not is_relative(detail.get("change")):
        ys.append(float(detail["value_high"]))
    if progress is not None and not progress.empty:
        xs.extend(progress["period_end"])
        figures = list(progress["value"].astype(float))
        ys.extend(figures)
        periods = progress["period"] if "period" in progress else progress["period_end"].astype(str)
        fig.add_trace(
            go.Scatter(
                x=list(progress["period_end"]),
                y=figures,
                mode="lines+markers",
                name=t("chart.progress"),
                line={"color": PROGRESS_COLOR, "width": 3},
                marker={"size": 9},
                customdata=[[plain(str(p)), plain(fmt.number(v, language) + unit)] for p, v in zip(periods, figures)],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            )
        )
    if reported is not None and not reported.empty:
        xs.extend(reported["period_end"])
        ys.extend(reported["value"].astype(float))
        fig.add_trace(reported_trace(reported))
    fig.add_shape(
        type="line", x0=as_of, x1=as_of, yref="paper", y0=0, y1=1, line={"dash": "dot", "color": "#333333", "width": 1}
    )
    fig.add_annotation(x=as_of, yref="paper", y=1, text=t("chart.today"), showarrow=False, yanchor="bottom")
    # Real dates: a "2023-06" figure sits in the middle of 2023, under the label "2023", which names the
    # whole year's span (ticklabelmode "period"); a year's figure sits at its end, as the axis title says.
    fig.update_xaxes(
        type="date",
        range=[date(min(xs).year - 1, 7, 1), date(max(xs).year + 1, 6, 30)],
        tick0="2000-01-01",
        dtick="M12",
        tickformat="%Y",
        ticklabelmode="period",
    )
    y_title = (detail.get("indicator") or t("col.indicator")) + (f" ({unit})" if unit else "")
    fig = _finish(fig, target_title(detail), caption, t("chart.axis.date"), y_title, height=460)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.18})
    if language == "zh":  # 万 / 亿 on the axis ("4,000亿"), not Plotly's "400B"
        tickvals, ticktext = fmt.axis_ticks(min(ys), max(ys), language)
        fig.update_yaxes(tickmode="array", tickvals=tickvals, ticktext=ticktext)
    return fig


# --- progress reported in documents (issue 13) ---------------------------------------------------
REPORTED_COLOR = "#7b3294"


def _wrapped(text: str, width: int = 36) -> str:
    """A long sentence in lines of `width` characters for a hover box (escaped first)."""
    text = plain(text)
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def reported_trace(reported: pd.DataFrame) -> go.Scatter:
    """The figures documents report for a target: markers only (each is a separate statement),
    hover: value, year, document title and sentence."""
    custom = [
        [plain(title or ""), _wrapped(sentence or ""), str(period.year)]
        for title, sentence, period in zip(reported["title"], reported["sentence"], reported["period_end"])
    ]
    return go.Scatter(
        x=list(reported["period_end"]),
        y=list(reported["value"].astype(float)),
        mode="markers",
        name=t("chart.reported"),
        customdata=custom,
        marker={"size": 13, "color": REPORTED_COLOR, "symbol": "star"},
        hovertemplate="%{y} (%{customdata[2]})<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
    )
