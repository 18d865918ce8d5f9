"""The upload flow of the Progress page without Streamlit: check a file, then import it on confirm.

Kept out of pages/ so the page stays a layout and this flow is testable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError
from etl.progress.validation import ProgressFileError, ProgressReport, validate_progress
from etl.store import progress as progress_store


@dataclass(frozen=True, slots=True)
class UploadCheck:
    """Either a report to show (and confirm) or one message on why the file cannot be used."""

    file_name: str
    report: ProgressReport | None = None
    error: str | None = None

    @property
    def can_import(self) -> bool:
        return self.report is not None and bool(self.report.valid)


def check_upload(file_name: str, data: bytes, data_dir: Path, encoding: str | None = None) -> UploadCheck:
    """Validate an uploaded file against the targets now in tracker.duckdb; never raises for bad input.

    `encoding` is the person's choice after the report doubted the detected one."""
    try:
        targets = progress_store.known_targets(data_dir)
        return UploadCheck(file_name, report=validate_progress(data, targets, file_name=file_name, encoding=encoding))
    except ProgressFileError as error:
        return UploadCheck(file_name, error=str(error))
    except EtlError as error:
        return UploadCheck(file_name, error=str(error))


def confirm_import(check: UploadCheck, data: bytes, data_dir: Path) -> progress_store.ImportResult:
    """Import the checked file's valid rows (the person has seen the report and confirmed).

    Raises DatabaseBusy (ask to try again) or EtlError; the import is all or nothing.
    """
    if not check.can_import:
        raise EtlError("there is nothing valid to import in this file")
    assert check.report is not None  # can_import
    return progress_store.import_report(data_dir, check.report, content=data, source="app")
