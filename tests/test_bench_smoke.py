"""The load benchmark's smoke run, end to end: only when BENCH_SMOKE=1 (CI sets it).

It needs PostgreSQL on 127.0.0.1 and takes about a minute (the first time also installs the
load generator into bench/.venv); the full benchmark stays a command, not a test.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    os.environ.get("BENCH_SMOKE") != "1", reason="set BENCH_SMOKE=1 to run the benchmark smoke"
)


def test_the_benchmark_smoke_run_serves_every_endpoint_without_errors(tmp_path):
    results = tmp_path / "RESULTS.md"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TESTING"}}
    finished = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--results", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    report = results.read_text()
    assert "| dashboard |" in report
    assert "## The dashboard's queries and plans" in report
    assert "Seq Scan" in report or "Index" in report  # real EXPLAIN output
