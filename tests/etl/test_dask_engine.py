"""etl.engines.dask_engine on small LocalClusters (2 workers each, closed in a finally).

The acceptance checks of the cluster build: the export is byte-identical to the local build's
(bundled corpus, and ../shared/gold/external-dev/corpus when present); a worker killed mid-build
costs nothing and the old database stays readable; a rerun re-extracts only the changed file.
Clusters with worker processes are what a real cluster does (pickling, a process to kill); the
threaded ones run tasks in this process, so a test can see which files reach `process_file`.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from etl import build as build_module
from etl.build import build, extractor_version
from etl.cli import main as cli_main
from etl.engines import dask_engine
from etl.engines.dask_engine import LOCAL_HTTP_ADDRESS, check_worker_versions, default_results
from etl.errors import EtlError
from etl.export import export
from etl.store.parquet_results import ResultStore
from etl.store.paths import DEFAULT_DATA_DIR, REPO_ROOT, file_token, tracker_path
from etl.store.reading import open_tracker

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

BUNDLED = DEFAULT_DATA_DIR / "corpus"
# The external-dev corpus in the shared folder beside the repository (../shared; TRACKER_SHARED_DIR
# points elsewhere, e.g. from a worktree), else the repository's copy of it (tests/data/external_dev).
SHARED = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_ROOT.parent / "shared")
EXTERNAL_DEV = next(
    (
        folder
        for folder in (
            SHARED / "gold" / "external-dev" / "corpus",
            REPO_ROOT / "tests" / "data" / "external_dev" / "corpus",
        )
        if folder.is_dir()
    ),
    SHARED / "gold" / "external-dev" / "corpus",
)
NEW_TARGET = "\n到2030年，新增造林面积达到100万亩。\n"


def small_cluster(processes: bool) -> LocalCluster:
    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=LOCAL_HTTP_ADDRESS,
        silence_logs=logging.ERROR,
    )


@pytest.fixture(scope="module")
def process_cluster():
    cluster = small_cluster(processes=True)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def threaded_cluster():
    cluster = small_cluster(processes=False)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED, folder)
    return folder


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    """The files that reach the pipeline (threaded workers run it in this process)."""
    seen: list[str] = []
    real = build_module.process_file

    def counting_process_file(seed, raw):
        seen.append(seed)
        return real(seed, raw)

    monkeypatch.setattr(build_module, "process_file", counting_process_file)
    return seen


def exported(data_dir: Path, out: Path) -> dict[str, bytes]:
    export(tracker_path(data_dir), out)
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def assert_same_export_as_local(tmp_path: Path, corpus: Path, **engine_options) -> None:
    build(tmp_path / "local", corpus, workers=1)
    summary = dask_engine.build(tmp_path / "dask", corpus, **engine_options)
    local, dask = (
        exported(tmp_path / "local", tmp_path / "out_local"),
        exported(tmp_path / "dask", tmp_path / "out_dask"),
    )
    assert sorted(local) == sorted(dask) and local, "the two exports hold different files"
    for name in local:
        assert dask[name] == local[name], f"{name} differs between the dask and the local build"
    assert summary.extracted == len(list(corpus.glob("*.txt"))) and summary.skipped == []


def test_bundled_corpus_on_its_own_local_cluster_exports_the_same_bytes(tmp_path):
    """No scheduler address: the engine starts (and closes) a 2-worker LocalCluster itself."""
    assert_same_export_as_local(tmp_path, BUNDLED, workers=2)


@pytest.mark.skipif(
    not EXTERNAL_DEV.is_dir(),
    reason=f"external-dev corpus not found at {EXTERNAL_DEV} "
    "(../shared beside the repository, $TRACKER_SHARED_DIR, "
    "or tests/data/external_dev)",
)
def test_external_dev_corpus_on_an_existing_cluster_exports_the_same_bytes(tmp_path, process_cluster):
    assert_same_export_as_local(tmp_path, EXTERNAL_DEV, scheduler=process_cluster.scheduler_address)


def test_the_cli_builds_with_the_dask_engine(tmp_path, process_cluster, capsys):
    code = cli_main(
        [
            "build",
            "--engine",
            "dask",
            "--scheduler",
            process_cluster.scheduler_address,
            "--quiet",
            "--data-dir",
            str(tmp_path),
            "--corpus",
            str(BUNDLED),
        ]
    )
    assert code == 0
    with open_tracker(tracker_path(tmp_path)) as db:
        assert db.execute("SELECT count(*) FROM build_files").fetchone()[0] == 2
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert documents > 0 and capsys.readouterr().out.startswith(f"built {documents} documents")


def test_a_rerun_with_one_changed_file_re_extracts_only_that_file(tmp_path, corpus, threaded_cluster, extracted):
    address = threaded_cluster.scheduler_address
    dask_engine.build(tmp_path / "data", corpus, scheduler=address)
    assert sorted(extracted) == sorted(p.name for p in corpus.iterdir())
    changed = min(corpus.iterdir())
    changed.write_text(changed.read_text(encoding="utf-8") + NEW_TARGET, encoding="utf-8")
    extracted.clear()
    summary = dask_engine.build(tmp_path / "data", corpus, scheduler=address)
    assert extracted == [changed.name]
    assert (summary.extracted, summary.reused) == (1, 1)
    build(tmp_path / "local", corpus, workers=1)
    local = exported(tmp_path / "local", tmp_path / "out_local")
    assert exported(tmp_path / "data", tmp_path / "out_dask") == local
    assert "新增造林面积" in local["quantities.jsonl"].decode("utf-8")


def test_a_removed_file_leaves_the_database_without_extracting_anything(tmp_path, corpus, threaded_cluster, extracted):
    dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address)
    removed, kept = sorted(corpus.iterdir())
    removed.unlink()
    extracted.clear()
    summary = dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address)
    assert extracted == [] and (summary.files, summary.reused) == (1, 1)
    with open_tracker(tracker_path(tmp_path)) as db:
        sources = {row[0] for row in db.execute("SELECT DISTINCT source_file FROM quantities").fetchall()}
    assert sources == {kept.name}


def test_skipped_files_are_named_as_the_local_build_names_them(tmp_path, corpus, threaded_cluster):
    """A binary file, a link out of the corpus folder and a folder named .txt."""
    (corpus / "scan.txt").write_bytes(b"\x00\x01binary")
    outside = tmp_path / "outside.txt"
    outside.write_text("到2030年，新增造林面积达到100万亩。", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside)
    (corpus / "folder.txt").mkdir()
    local = build(tmp_path / "local", corpus, workers=1)
    dask = dask_engine.build(tmp_path / "dask", corpus, scheduler=threaded_cluster.scheduler_address)
    assert len(local.skipped) == 3
    assert sorted(dask.skipped) == sorted(local.skipped)
    assert exported(tmp_path / "dask", tmp_path / "out_dask") == exported(tmp_path / "local", tmp_path / "out_local")


def test_full_re_extracts_every_file(tmp_path, corpus, threaded_cluster, extracted):
    dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address)
    extracted.clear()
    summary = dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address, reuse=False)
    assert sorted(extracted) == sorted(p.name for p in corpus.iterdir()) and summary.reused == 0


def test_a_failing_file_is_named_and_the_others_are_built(tmp_path, corpus, threaded_cluster, monkeypatch):
    broken = sorted(corpus.iterdir())[1].name
    real = build_module.process_file

    def failing_on_one_file(seed, raw):
        if seed == broken:
            raise RuntimeError("extractor bug")
        return real(seed, raw)

    monkeypatch.setattr(build_module, "process_file", failing_on_one_file)
    summary = dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address)
    assert summary.skipped == [f"{broken}: extraction failed on the cluster (RuntimeError: extractor bug)"]
    assert summary.extracted == 1 and summary.documents > 0
    con = open_tracker(tracker_path(tmp_path))
    assert [row[0] for row in con.execute("SELECT source_file FROM build_files").fetchall()] == [
        p.name for p in sorted(corpus.iterdir()) if p.name != broken
    ]
    con.close()
    monkeypatch.setattr(build_module, "process_file", real)  # fixed: the next build retries that file only
    again = dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address)
    assert (again.extracted, again.reused, again.skipped) == (1, 1, [])


def test_when_every_file_fails_the_previous_database_is_kept(tmp_path, corpus, threaded_cluster, monkeypatch):
    build(tmp_path, corpus, workers=1)
    before = file_token(tracker_path(tmp_path))

    def always_failing(seed, raw):
        raise RuntimeError("no corpus here")

    monkeypatch.setattr(build_module, "process_file", always_failing)
    with pytest.raises(EtlError, match="every file failed on the cluster"):
        dask_engine.build(tmp_path, corpus, scheduler=threaded_cluster.scheduler_address)
    assert file_token(tracker_path(tmp_path)) == before


def test_workers_running_other_code_are_refused(threaded_cluster):
    with Client(threaded_cluster, set_as_default=False) as client:
        check_worker_versions(client, extractor_version())
        with pytest.raises(EtlError, match="run another extractor version") as refused:
            check_worker_versions(client, "0000000000000000")
        assert all(address in str(refused.value) for address in client.scheduler_info()["workers"])


def test_killing_a_worker_mid_build_builds_every_file_and_the_old_database_stays_readable(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(4):  # 8 files of ~0.4 MB, so the build is still running when a worker dies
        for path in sorted(BUNDLED.glob("*.txt")):
            shutil.copyfile(path, corpus / f"copy{copy}_{path.name}")
    data = tmp_path / "data"
    build(data, corpus, workers=1)  # the old database
    database = tracker_path(data)
    with open_tracker(database) as db:
        expected = db.execute("SELECT count(*) FROM quantities").fetchone()[0]
    store = ResultStore(default_results(data), extractor_version())
    stop = threading.Event()
    reads: list[object] = []
    kills: list[tuple[int, int]] = []  # (pid, results complete when it was killed)

    def read_until_stopped() -> None:
        while not stop.is_set():
            try:
                with open_tracker(database) as db:
                    reads.append(db.execute("SELECT count(*) FROM quantities").fetchone()[0])
            except Exception as error:  # noqa: BLE001 -- recorded, then asserted on: a read must never fail
                reads.append(error)
            time.sleep(0.02)

    def kill_a_worker_after_the_first_result(client: Client) -> None:
        deadline = time.monotonic() + 120
        while not stop.is_set() and time.monotonic() < deadline:
            done = len(store.existing_keys())
            if done:
                pid = min(client.run(os.getpid).values())
                os.kill(pid, signal.SIGKILL)
                kills.append((pid, done))
                return
            time.sleep(0.01)

    cluster = small_cluster(processes=True)
    try:
        with Client(cluster, set_as_default=False) as client:
            threads = [
                threading.Thread(target=read_until_stopped),
                threading.Thread(target=kill_a_worker_after_the_first_result, args=(client,)),
            ]
            for thread in threads:
                thread.start()
            try:
                summary = dask_engine.build(data, corpus, scheduler=cluster.scheduler_address)
            finally:
                stop.set()
                for thread in threads:
                    thread.join()
            alive = set(client.run(os.getpid).values())
    finally:
        cluster.close()

    files = len(list(corpus.iterdir()))
    assert kills and kills[0][1] < files, "the worker was not killed while files were still being built"
    assert kills[0][0] not in alive  # it really died (the nanny started a new one)
    assert (summary.extracted, summary.skipped) == (files, [])
    assert len(store.existing_keys()) == files
    assert reads and all(count == expected for count in reads), [r for r in reads if r != expected][:3]
    with open_tracker(database) as db:
        assert db.execute("SELECT count(*) FROM quantities").fetchone()[0] == expected
        assert db.execute("SELECT count(*) FROM build_files").fetchone()[0] == files


def test_a_cancelled_task_is_reported_not_raised(threaded_cluster):
    """A scheduler that goes away cancels the futures; the summary names the file instead of crashing."""
    with Client(threaded_cluster, set_as_default=False) as client:
        future = client.submit(time.sleep, 1, pure=False)
        future.cancel()
        assert future.status == "cancelled"
        message = dask_engine._failure("plan.txt", future)
    assert message == "plan.txt: extraction failed on the cluster (task cancelled, never finished)"
