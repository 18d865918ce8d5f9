"""The floor for a dashboard page: a bare Streamlit page with the elements a page of this app draws
(a title, 5 metrics, a Plotly bar chart, a 200-row table), no data work at all.

`python -m bench --browser` loads it beside the real pages in the same headless chromium; a page's
load time divided by this one's says what the app adds, whatever the machine's speed.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("Floor page")
for column, (label, value) in zip(
    st.columns(5),
    [("Documents", 8500), ("Targets", 31800), ("Baselines", 12000), ("Issuers", 120), ("With progress", 300)],
):
    column.metric(label, value)
bars = go.Figure(go.Bar(x=[str(year) for year in range(2020, 2036)], y=list(range(16, 0, -1))))
bars.update_layout(title={"text": "Targets by target year"}, height=420)
st.plotly_chart(bars, key="floor_chart")
rows = pd.DataFrame(
    {
        "Indicator": [f"指标{i}" for i in range(200)],
        "Target": [f"≥ {i}%" for i in range(200)],
        "Year": [2025 + i % 10 for i in range(200)],
        "Status": ["No data"] * 200,
        "Document": [f"关于做好第{i}项工作的通知" for i in range(200)],
        "Issuer": ["示范省人民政府"] * 200,
        "Confidence": [0.5 + (i % 50) / 100 for i in range(200)],
        "Sentence": [f"到2025年，第{i}项指标达到{i}%以上。" for i in range(200)],
    }
)
st.dataframe(rows, hide_index=True, key="floor_table")
