#!/usr/bin/env python3
"""The load benchmark, in one command: ``.venv/bin/python bench/run.py [--smoke]``.

Migrates a PostgreSQL database (``tracker_bench`` unless told), generates the full data set
(20,000 meetings, 200,000 commitments, 600,000 updates) or reuses it, collects static files,
starts gunicorn on 127.0.0.1 with production settings, signs 16 clients in, drives them with
locust (headless, a separate process) for a fixed time, and prints requests per second, p50,
p95, p99 and errors per endpoint against the targets. A full run writes ``bench/RESULTS.md``;
``--smoke`` (tiny data, a few seconds) writes under ``bench/out/`` and fails on any error.

Only loopback addresses are used, every wait is bounded, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Mode:
    meetings: int
    commitments: int
    updates: int
    duration: int
    warmup: int
    database: str
    users: int
    think: float
    capacity: int


FULL = Mode(
    20_000,
    200_000,
    600_000,
    duration=60,
    warmup=10,
    database="tracker_bench",
    users=16,
    think=1.0,
    capacity=30,
)
SMOKE = Mode(
    40,
    400,
    1_200,
    duration=10,
    warmup=0,
    database="tracker_bench_smoke",
    users=4,
    think=0.0,
    capacity=0,
)

# Endpoint, target p95 in ms (None: reported, no latency target).
TARGETS: list[tuple[str, float | None]] = [
    ("dashboard", 150),
    ("commitment list", 80),
    ("commitment list (filtered)", 80),
    ("commitment page", 80),
    ("meeting page", 80),
    ("briefing", 80),
    ("CSV export", None),
    ("API list", 80),
    ("API update post", 100),
    ("healthz", None),
]


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command: list[str], *, env: dict, timeout: int, label: str) -> str:
    say(f"{label}: {' '.join(command[1:])}")
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"{label} failed (exit {result.returncode})")
    say(f"{label}: done in {time.monotonic() - started:.0f} s")
    return result.stdout


def ensure_locust() -> Path:
    """bench/.venv with the pinned load generator; made (or refreshed) when the pin changes."""
    venv = BENCH / ".venv"
    wanted = (BENCH / "requirements.txt").read_text()
    stamp = venv / ".installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return venv / "bin" / "locust"
    say("installing the load generator into bench/.venv (once)")
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "-r",
            str(BENCH / "requirements.txt"),
        ],
        check=True,
        timeout=900,
    )
    stamp.write_text(wanted)
    return venv / "bin" / "locust"


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


LOCAL_REDIS = "redis://127.0.0.1:6379/1"


def cache_url(asked: str | None) -> str:
    """The server's cache: as asked, else Redis where one answers on this machine (rows kept
    in each process and shared through it, see meetings/cache.py), else the database's."""
    if asked:
        return asked
    address = urlparse(LOCAL_REDIS)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=0.5):
            return LOCAL_REDIS
    except OSError:
        return "db://"


def describe_cache(url: str) -> str:
    """Where the server keeps figures and counts (``url``), and rows and fields (as
    tracker/settings.py chooses: Redis when the cache is, unless ``ROW_CACHE_URL`` says)."""
    redis = ("redis://", "rediss://", "unix://")
    rows_url = os.environ.get("ROW_CACHE_URL") or (url if url.startswith(redis) else "locmem://")
    if rows_url.startswith(redis):
        rows = "rendered rows and fields in Redis, shared by the processes"
    elif rows_url.startswith("dummy://"):
        rows = "rendered rows and fields not kept (ROW_CACHE_URL=dummy://)"
    else:
        rows = "rendered rows and fields in each process's memory"
    if url.startswith(redis):
        return f"Redis ({urlparse(url).hostname}) for figures and counts; {rows}"
    if url.startswith("db://"):
        return f"the database's for figures and counts; {rows}"
    return f"{url}; {rows}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it answered; see its log")
        try:
            probe = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(probe, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /healthz within {timeout:.0f} s")


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.update({m.key: m.value for m in SimpleCookie(header).values()})
    return jar


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """Sign in through the login page, as a browser behind the TLS proxy would: its cookies.

    Cookies are read from the headers by hand: they are ``Secure`` (production settings), and
    a cookie jar rightly refuses to send those over the plain http of the loopback.
    """
    proxy = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{port}"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", "/accounts/login/", headers=proxy)
        page = conn.getresponse()
        body = page.read().decode()
        jar = _cookies(page)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if page.status != 200 or not match:
            raise SystemExit(f"login page answered {page.status}")
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match[1]}
        )
        conn.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                **proxy,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://127.0.0.1:{port}/accounts/login/",
                "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            },
        )
        done = conn.getresponse()
        done.read()
        jar.update(_cookies(done))
        if done.status != 302 or "sessionid" not in jar:
            raise SystemExit(f"sign-in of {username} refused ({done.status})")
        return jar
    finally:
        conn.close()


def api_token(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            "/api/v1/auth/token/",
            body=json.dumps({"username": username, "password": password}),
            headers={"X-Forwarded-Proto": "https", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"token refused ({response.status}): {body[:200]!r}")
        return json.loads(body)["token"]
    finally:
        conn.close()


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@dataclass(frozen=True)
class Phase:
    name: str
    title: str
    think: float
    seconds: int

    def describe(self, users: int) -> str:
        pace = (
            f"each pausing {self.think * 0.5:g}-{self.think * 1.5:g} s (mean {self.think:g} s) "
            "between requests, as people do"
            if self.think
            else "each sending its next request as soon as the last one is answered"
        )
        return f"{users} clients for {self.seconds} s, {pace}."


@dataclass(frozen=True)
class Measured:
    stats: dict[str, dict]
    load_before: float
    load_after: float


def measure(locust: list[str], env: dict, out: Path, phase: Phase, users: int) -> Measured:
    before = os.getloadavg()[0]
    say(f"{phase.name}: {users} clients for {phase.seconds} s (mean pause {phase.think:g} s)")
    finished = subprocess.run(
        [*locust, "--run-time", f"{phase.seconds}s", "--csv", str(out / f"locust-{phase.name}")],
        cwd=ROOT,
        env={**env, "BENCH_THINK": str(phase.think)},
        capture_output=True,
        text=True,
        timeout=phase.seconds + 180,
        check=False,
    )
    after = os.getloadavg()[0]
    (out / f"locust-{phase.name}.log").write_text(finished.stdout + finished.stderr)
    if finished.returncode != 0:
        sys.stderr.write(finished.stderr[-4000:])
        raise SystemExit(f"locust failed (exit {finished.returncode})")
    return Measured(read_stats(out / f"locust-{phase.name}_stats.csv"), before, after)


def read_stats(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def num(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def table(stats: dict[str, dict]) -> tuple[list[str], bool]:
    """Markdown rows per endpoint, and whether every target was met."""
    lines = [
        "| endpoint | requests | rps | p50 ms | p95 ms | p99 ms | errors | target p95 | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    all_met = True
    for name, target in TARGETS:
        row = stats.get(name)
        if row is None:
            lines.append(f"| {name} | 0 | | | | | | {target or '—'} | no requests |")
            all_met = False
            continue
        count, errors = int(num(row["Request Count"])), int(num(row["Failure Count"]))
        p95 = num(row["95%"])
        met = errors == 0 and (target is None or p95 < target)
        all_met &= met
        lines.append(
            f"| {name} | {count} | {num(row['Requests/s']):.1f} | {num(row['50%']):.0f} | "
            f"{p95:.0f} | {num(row['99%']):.0f} | {errors} | "
            f"{'< ' + format(target, '.0f') if target else '—'} | {'yes' if met else '**no**'} |"
        )
    total = stats.get("Aggregated")
    if total:
        lines.append(
            f"| **all** | {int(num(total['Request Count']))} | {num(total['Requests/s']):.1f} | "
            f"{num(total['50%']):.0f} | {num(total['95%']):.0f} | {num(total['99%']):.0f} | "
            f"{int(num(total['Failure Count']))} | | |"
        )
    return lines, all_met


def machine() -> list[str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return [f"{os.cpu_count()} cores ({cpu}){memory}", platform.platform()]


# Run by the server's interpreter: what it is and how fast it runs a plain loop.
_DESCRIBE_INTERPRETER = """
import platform, sysconfig, time
optimised = "--enable-optimizations" in (sysconfig.get_config_var("CONFIG_ARGS") or "") or (
    "-fprofile-use" in (sysconfig.get_config_var("PY_CFLAGS_NODIST") or "")
)
def loop():
    started, total = time.perf_counter(), 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started
print(
    f"{platform.python_implementation()} {platform.python_version()}, "
    f"{'with' if optimised else 'without'} profile-guided optimisation"
)
print(f"{min(loop() for _ in range(3)):.2f}")
"""


def interpreter(python: str) -> tuple[str, str]:
    """The Python the server runs, and its speed mark (seconds for 10 million additions in a
    Python loop, best of three): the same code takes twice as long on a build without
    profile-guided optimisation, on a slower CPU, or when the host gives this virtual machine
    less of its CPU, which can change within the hour, so the mark is taken before and after
    the load and results are compared by it as much as by the machine's name."""
    result = subprocess.run(
        [python, "-c", _DESCRIBE_INTERPRETER], capture_output=True, text=True, timeout=120
    )
    lines = result.stdout.split("\n")
    if result.returncode or len(lines) < 2:
        return f"{python} (could not be described: {result.stderr[-200:]})", "?"
    return lines[0], lines[1]


def server_python(interpreter_path: str | None) -> str:
    """The Python of the app's own venv, or, with ``--python``, a venv of that interpreter in
    bench/ with the app's requirements (made once per interpreter and requirements)."""
    if not interpreter_path:
        return PYTHON
    real = Path(interpreter_path).resolve()
    if not real.exists():
        raise SystemExit(f"--python {interpreter_path}: no such interpreter")
    venv = BENCH / f".venv-server-{real.parent.parent.name}-{real.name}"
    wanted = f"{real}\n" + (ROOT / "requirements.txt").read_text()
    stamp = venv / ".installed"
    if not (stamp.exists() and stamp.read_text() == wanted):
        say(f"making {venv.name} with {real} and the app's requirements (once)")
        subprocess.run([str(real), "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
            cwd=ROOT,
            check=True,
            timeout=1800,
        )
        stamp.write_text(wanted)
    return str(venv / "bin" / "python")


def git(*args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    return result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, a few seconds")
    parser.add_argument("--database-url", help="default: postgres://root@127.0.0.1:5432/<db>")
    parser.add_argument("--database", help="database name (default tracker_bench)")
    parser.add_argument("--duration", type=int, help="seconds of measured load (default 60)")
    parser.add_argument("--warmup", type=int, help="seconds of unmeasured load first")
    parser.add_argument("--users", type=int, help="concurrent clients (16; smoke 4)")
    parser.add_argument(
        "--think",
        type=float,
        help="each client's mean pause between requests in seconds (default 1; smoke 0)",
    )
    parser.add_argument(
        "--capacity",
        type=int,
        help="seconds of a second, saturating run with no pauses (default 30; smoke 0)",
    )
    parser.add_argument(
        "--cache-url",
        help=f"the server's CACHE_URL (default: {LOCAL_REDIS} if Redis answers, else db://)",
    )
    parser.add_argument(
        "--python",
        help="the interpreter to run the app with (default: the app's .venv); "
        "a venv of it with the app's requirements is made in bench/",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn process (1: sync workers)"
    )
    parser.add_argument("--port", type=int, help="default: a free port")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, help="where to write the results (Markdown)")
    parser.add_argument(
        "--what-if",
        action="store_true",
        help="patch the proposed fixes into the server (bench/whatif.py) and measure them",
    )
    parser.add_argument("--out", type=Path, help="working folder (default bench/out/<mode>)")
    args = parser.parse_args()

    mode = SMOKE if args.smoke else FULL
    duration = args.duration or mode.duration
    users = args.users or mode.users
    think = mode.think if args.think is None else args.think
    capacity = mode.capacity if args.capacity is None else args.capacity
    warmup = mode.warmup if args.warmup is None else args.warmup
    database = args.database or mode.database
    url = args.database_url or f"postgres://root@127.0.0.1:5432/{database}"
    if urlparse(url).hostname not in LOOPBACK:
        raise SystemExit("The benchmark only talks to loopback addresses (127.0.0.1).")
    out = args.out or BENCH / "out" / ("smoke" if args.smoke else "full")
    out.mkdir(parents=True, exist_ok=True)
    if args.results:
        results = args.results
    elif args.smoke or args.what_if:
        results = out / ("RESULTS-whatif.md" if args.what_if else "RESULTS.md")
    else:
        results = BENCH / "RESULTS.md"
    port = args.port or free_port()
    password = secrets.token_urlsafe(16)
    cache = cache_url(args.cache_url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": cache,
        "BENCH_PASSWORD": password,
        "BENCH_FIXTURES": str(out / "fixtures.json"),
        "BENCH_SESSIONS": str(out / "sessions.json"),
        "BENCH_SMOKE": "1" if args.smoke else "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TESTING", None)

    locust_bin = ensure_locust()
    python = server_python(args.python)
    described, mark_before = interpreter(python)
    ensure_database(url)
    run(
        [python, "manage.py", "migrate", "--no-input", "-v0"], env=env, timeout=600, label="migrate"
    )
    run(
        [python, "manage.py", "createcachetable"],
        env=env,
        timeout=120,
        label="createcachetable",
    )
    generated = run(
        [
            python,
            "manage.py",
            "generate_data",
            "--meetings",
            str(mode.meetings),
            "--commitments",
            str(mode.commitments),
            "--updates",
            str(mode.updates),
            "--seed",
            str(args.seed),
            "--reuse",
        ],
        env=env,
        timeout=900,
        label="generate_data",
    )
    print(generated.strip().splitlines()[-1] if generated.strip() else "", flush=True)
    run(
        [python, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=env,
        timeout=300,
        label="collectstatic",
    )
    prepared = run(
        [
            python,
            str(BENCH / "prepare.py"),
            "--out",
            str(out),
            "--clients",
            str(users),
            "--seed",
            str(args.seed),
        ],
        env=env,
        timeout=900,
        label="prepare",
    )
    print(prepared.strip(), flush=True)

    phases = [Phase("paced", "Paced clients (the targets)", think, duration)]
    if capacity:
        phases.append(Phase("saturation", "Saturation (capacity)", 0.0, capacity))
    measured: dict[str, Measured] = {}
    log = (out / "gunicorn.log").open("w")
    server_command = [
        str(Path(python).parent / "gunicorn"),
        "tracker.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread" if args.threads > 1 else "sync",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    if args.what_if:
        server_command += ["--config", str(BENCH / "whatif.py")]
    say("gunicorn: " + " ".join(server_command[1:]))
    server = subprocess.Popen(server_command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        wait_healthy(port, server)
        # Signing in costs a deliberately slow password hash each: done before the load.
        say(f"signing {users} clients in")
        with ThreadPoolExecutor(max_workers=2) as pool:
            sessions = list(
                pool.map(lambda _: sign_in(port, "bench-editor", password), range(users))
            )
        token = api_token(port, "bench-editor", password)
        (out / "sessions.json").write_text(json.dumps({"sessions": sessions, "token": token}))
        locust = [
            str(locust_bin),
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--host",
            f"http://127.0.0.1:{port}",
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ]
        if warmup:
            say(f"warm-up: {warmup} s, not measured")
            subprocess.run(
                [*locust, "--run-time", f"{warmup}s"],
                cwd=ROOT,
                env={**env, "BENCH_THINK": "0", "BENCH_RUN": "0"},
                capture_output=True,
                timeout=warmup + 120,
                check=False,
            )
        for number, phase in enumerate(phases, start=1):
            measured[phase.name] = measure(
                locust, {**env, "BENCH_RUN": str(number)}, out, phase, users
            )
    finally:
        stop(server)
        log.close()

    paced = measured[phases[0].name]
    stats = paced.stats
    rows, all_met = table(stats)
    fixtures = json.loads((out / "fixtures.json").read_text())
    failures = out / f"locust-{phases[0].name}_failures.csv"
    plans = (out / "plans.md").read_text() if (out / "plans.md").exists() else ""
    commit = git("rev-parse", "--short", "HEAD")
    # The results file of an earlier run is not a change to what is measured.
    changed = [
        line
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
        if not line.endswith("bench/RESULTS.md")
    ]
    dirty = " (with uncommitted changes)" if changed else ""
    report = [
        "# Benchmark results"
        + (" (smoke)" if args.smoke else "")
        + (" (what-if: the fixes in bench/whatif.py patched in)" if args.what_if else ""),
        "",
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Commit: {commit}{dirty}",
        "- Machine: " + "; ".join(machine()),
        f"- Python: {described}; speed mark (10 million additions in a Python loop, best of "
        f"three) {mark_before} s before the load, {interpreter(python)[1]} s after",
        f"- Data: {fixtures['sizes']['meetings']} meetings, "
        f"{fixtures['sizes']['commitments']} commitments ({fixtures['sizes']['open']} open), "
        f"{fixtures['sizes']['updates']} updates",
        f"- Server: gunicorn, {args.workers} processes x {args.threads} threads, production "
        "settings (DEBUG off, whitenoise manifest), PostgreSQL on the same machine",
        "- Cache: " + describe_cache(cache),
        f"- Load: locust, {users} signed-in clients, one connection each; "
        f"{warmup} s warm-up first; the load generator runs on the same machine",
        f"- CSV export: {fixtures['csv']['rows']} rows (`?{fixtures['csv']['query']}`)",
        "- Command: `.venv/bin/python bench/run.py"
        + (" --smoke" if args.smoke else "")
        + (" --what-if" if args.what_if else "")
        + (f" --cache-url {args.cache_url}" if args.cache_url else "")
        + (f" --python {args.python}" if args.python else "")
        + "`",
        "",
    ]
    for phase in phases:
        result = measured[phase.name]
        phase_rows, _ = table(result.stats)
        report += [
            f"## {phase.title}",
            "",
            phase.describe(users),
            f"Machine load average (1 min) before / after: {result.load_before:.1f} / "
            f"{result.load_after:.1f}.",
            "",
            *phase_rows,
            "",
        ]
        if phase is phases[0]:
            report += [
                "Every target met." if all_met else "Some targets are missed (**no** above).",
                "",
            ]
    if failures.exists():
        failed = list(csv.DictReader(failures.open(encoding="utf-8")))
        if failed:
            report += [
                f"## Errors ({phases[0].title.lower()})",
                "",
                "| endpoint | count | error |",
                "| --- | ---: | --- |",
            ]
            report += [f"| {f['Name']} | {f['Occurrences']} | {f['Error'][:160]} |" for f in failed]
            report.append("")
    if plans:
        report += ["## The dashboard's queries and plans", "", plans]
    results.write_text("\n".join(report))
    print("\n".join(rows))
    say(f"results written to {results}")
    if args.smoke:
        errors = sum(
            int(num(r["Failure Count"])) for r in stats.values() if r["Name"] != "Aggregated"
        )
        missing = [name for name, _ in TARGETS if name not in stats]
        if errors or missing:
            say(f"smoke failed: {errors} errors, no requests for {missing}")
            return 1
        say("smoke passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
