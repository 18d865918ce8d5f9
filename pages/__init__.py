"""Dashboard pages (run by dashboard.py through st.navigation) and their shared helpers."""
