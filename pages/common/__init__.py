"""Helpers shared by the pages: cached data access, figures, translations, URL state."""
