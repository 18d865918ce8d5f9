"""Progress upload (placeholder until issue 5 lands; that work replaces this file)."""
import streamlit as st

from pages.common.i18n import t, translate

st.title(t("nav.progress"))
st.info(translate({"en": "Uploading progress figures is coming soon.", "zh": "上传进展数据的功能即将推出。"}))
