"""Per-file extraction results as Parquet, and the loader that turns them into `tracker.duckdb`.

A cluster build does not funnel rows through one process: each task writes its file's rows here,
and the loader reads them all with DuckDB's `read_parquet` in one pass per table. Layout under a
results root (a local folder or any fsspec URL, e.g. `s3://bucket/tracker-results`):

    ROOT/extractor=<version>/documents/<key>.parquet
    ROOT/extractor=<version>/quantities/<key>.parquet
    ROOT/extractor=<version>/build_files/<key>.parquet   (written last: the result is complete)

A result is addressed by what determines it: the extractor version, the file's sha256 and its name
(`result_key`). The name belongs in the key because ids are derived from it (`etl.ids`): the same
bytes under another name are other documents. Columns and types come from the tracker's column
dicts, so a column added there flows through without touching this module.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.core import url_to_fs

from etl.errors import EtlError
from etl.store import library
from etl.store.tracker import BUILD_FILE_COLUMNS, DOCUMENT_COLUMNS, QUANTITY_COLUMNS, Columns, FileRows, TrackerWriter

# Written in this order; the last one marks a complete result (a task killed earlier leaves no marker).
RESULT_TABLES: dict[str, Mapping[str, str]] = {
    "documents": DOCUMENT_COLUMNS,
    "quantities": QUANTITY_COLUMNS,
    "build_files": BUILD_FILE_COLUMNS,
}
MARKER_TABLE = "build_files"
# FileRows attribute for a build_files column whose name differs.
_FILE_FIELD = {"source_file": "name", "bytes": "size"}
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
# DuckDB column type (first word of the tracker's declaration) -> Parquet type via Arrow.
ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
}


def result_key(name: str, sha256: str) -> str:
    """`<sha256 of the content>-<digest of the file name>`: stable, and safe in any URL.

    `sha256` is what etl.build records for the file: a hex digest, or for a file it does not read
    (over the size limit, gone) another token, which is digested here so the key stays a name.
    """
    content = sha256 if _HEX_DIGEST.fullmatch(sha256) else hashlib.sha256(sha256.encode("utf-8")).hexdigest()
    return f"{content}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:16]}"


def arrow_schema(columns: Mapping[str, str]) -> pa.Schema:
    fields = []
    for name, declaration in columns.items():
        kind = declaration.split()[0].upper()
        if kind not in ARROW_TYPES:
            raise EtlError(
                f"column {name} has type {kind}, which etl.store.parquet_results cannot write yet; "
                "add it to ARROW_TYPES"
            )
        fields.append(pa.field(name, ARROW_TYPES[kind], nullable="NOT NULL" not in declaration.upper()))
    return pa.schema(fields)


def arrow_table(values: Columns, columns: Mapping[str, str]) -> pa.Table:
    schema = arrow_schema(columns)
    return pa.Table.from_arrays([pa.array(values[field.name], field.type) for field in schema], schema=schema)


def file_columns(rows: FileRows) -> Columns:
    """The file's one build_files row, as column lists."""
    return {name: [getattr(rows, _FILE_FIELD.get(name, name))] for name in BUILD_FILE_COLUMNS}


class ResultStore:
    """The results folder of one extractor version: write a file's result, list and locate results."""

    def __init__(self, url: str, version: str):
        self.url, self.version = str(url), version
        self.fs, root = url_to_fs(self.url)
        self.root = f"{root.rstrip('/')}/extractor={version}"

    def path(self, table: str, key: str) -> str:
        return f"{self.root}/{table}/{key}.parquet"

    def location(self, table: str, key: str) -> str:
        """What DuckDB is given: a plain path on the local disk, else the full URL."""
        path = self.path(table, key)
        return path if self.is_local else self.fs.unstrip_protocol(path)

    @property
    def is_local(self) -> bool:
        protocols = (self.fs.protocol,) if isinstance(self.fs.protocol, str) else self.fs.protocol
        return "file" in protocols

    def existing_keys(self) -> set[str]:
        """Keys whose result is complete (its marker exists)."""
        folder = f"{self.root}/{MARKER_TABLE}"
        if not self.fs.exists(folder):
            return set()
        names = (path.rsplit("/", 1)[-1] for path in self.fs.ls(folder, detail=False))
        return {name[: -len(".parquet")] for name in names if name.endswith(".parquet")}

    def write(self, rows: FileRows) -> str:
        """Write one file's rows (documents, quantities, then the marker); returns its key.

        On a disk each table is written under a temporary name and renamed into place, so a reader,
        or a later build, never sees half a Parquet file. On an object store an object appears only
        once its upload is complete, and a rename would be a second copy, so it is written in place.
        """
        key = result_key(rows.name, rows.sha256)
        parts = {"documents": rows.documents, "quantities": rows.quantities, "build_files": file_columns(rows)}
        for table, columns in RESULT_TABLES.items():
            final = self.path(table, key)
            self.fs.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
            target = f"{final}.{uuid.uuid4().hex}.tmp" if self.is_local else final
            with self.fs.open(target, "wb") as handle:
                pq.write_table(arrow_table(parts[table], columns), handle)
            if target != final:
                self.fs.mv(target, final)
        return key


@dataclass(frozen=True, slots=True)
class LoadSummary:
    documents: int
    targets: int
    baselines: int
    errors: list[str]  # build_files errors: the files skipped as unreadable
    seconds: float  # the whole load: reading the Parquet, inserting it, deriving, committing
    derive_seconds: float  # of `seconds`, the corpus-wide steps run at commit


def load_results(store: ResultStore, keys: Sequence[str], database, meta: Mapping[str, str]) -> LoadSummary:
    """Build `database` from the results of `keys` (in corpus order) and swap it in atomically.

    The database is new every time (Parquet is the cache, not the previous database); the
    corpus-wide steps then run exactly as in the local build, through `TrackerWriter.commit`.
    """
    started = time.perf_counter()
    with TrackerWriter(database) as writer:
        writer.start()
        assert writer.con is not None  # start() connects
        if not store.is_local:
            writer.con.register_filesystem(store.fs)
        if keys:
            for table, columns in RESULT_TABLES.items():
                names = ", ".join(columns)
                writer.con.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM read_parquet(?)",
                    [[store.location(table, key) for key in keys]],
                )
        # every row comes from a result as extracted: the user's corrections of added documents go on top
        library.apply_corrections(
            writer.con,
            Path(database).parent,
            [name for (name,) in writer.con.execute("SELECT source_file FROM build_files").fetchall()],
        )
        documents, targets, baselines = writer.counts()
        errors = [
            error
            for (error,) in writer.con.execute(
                "SELECT error FROM build_files WHERE error IS NOT NULL ORDER BY source_file"
            ).fetchall()
        ]
        writer.commit(meta)
    return LoadSummary(documents, targets, baselines, errors, time.perf_counter() - started, writer.derive_seconds)
