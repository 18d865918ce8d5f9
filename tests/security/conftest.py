"""The dashboard fixtures (fresh caches, navigation mode, sample database, downloads) for these tests."""

from tests.dashboard.conftest import downloads, fresh_caches, navigation_mode, sample_dir, with_progress  # noqa: F401
