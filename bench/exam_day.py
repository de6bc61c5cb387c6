"""Benchmark (not a test), issue 13 "exam day": N learners sign in and sit the knowledge mock exam on
real app servers (deploy/gunicorn.conf.py, behind nginx when it is installed), with think time
between answers; afterwards the database is checked for every answer the servers acknowledged.

    .venv/bin/python bench/exam_day.py                                    # 2,000 learners over 5 min
    .venv/bin/python bench/exam_day.py --learners 50 --arrival-seconds 20 --think 1-2   # a quick look
    .venv/bin/python bench/exam_day.py --database sqlite --direct --workers 3

Prints per step (login, start, item_page, save, submit, results) the requests, throughput,
p50/p95/p99 and errors; the lost and ungraded answers; the peak resident memory of every gunicorn
worker. Loopback only; builds and drops its own database (PostgreSQL `lsk_bench_exam_day`, or a
temporary SQLite file), empties the Redis database it is given (default 9) at start, and stops
every server it started, also on Ctrl-C and at its time limit. bench/README.md has the goals.
"""
import argparse
import asyncio
import contextlib
import html
import io
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psutil  # noqa: E402
import yaml  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.servers import HOST, Server, free_port, start, stop  # noqa: E402

GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_DIR = ROOT / "deploy" / "nginx"
POSTGRES_SERVER = os.environ.get("LSK_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REDIS_URL = "redis://127.0.0.1:6379/9"
SECRET_KEY = "bench-secret-key-not-for-production"
PASSWORD = "bench passphrase for every learner"
STEPS = ("login", "start", "item_page", "questions", "save", "submit", "results")
BY_SCRIPT = {"X-Requested-With": "fetch"}  # what static/js/exam-client.js sends
ANTHEM = yaml.safe_load((ROOT / "question_bank" / "anthem.yaml").read_text(encoding="utf-8"))["text"]
SHORT_ANSWERS = ("Rīga", "Saeima", "1918", "Kārlis Ulmanis", "Valsts prezidents")


# --- the database ----------------------------------------------------------------------------

@contextlib.contextmanager
def bench_database(kind: str, name: str, workdir: Path):
    """A new database (PostgreSQL `name` on POSTGRES_SERVER, or an SQLite file in workdir); its
    SQLAlchemy URL; dropped afterwards. A database of that name left by an aborted run is dropped first."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    server = make_url(POSTGRES_SERVER)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def setup_app(url: str):
    """The application in this process, only to build the database: migrations, bank, accounts."""
    from lsk_learn import create_app
    from lsk_learn.config import Config
    from lsk_learn.core.database import engine_options

    class SetupConfig(Config):  # production settings (scrypt, CSRF), this database
        def __init__(self):
            self.SQLALCHEMY_DATABASE_URI = url
            self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(url)
            self.SECRET_KEY = SECRET_KEY
            self.SESSION_COOKIE_SECURE = False

    return create_app(SetupConfig())


def build_database(url: str, learners: int) -> list[str]:
    """Alembic migrations, the real question bank, and `learners` learner accounts that all have
    PASSWORD (hashed once, with the app's hasher), a profile under which the knowledge exam holds
    every part (aged 40, no exemptions), consent recorded and no temporary password. Their user names."""
    from flask_migrate import upgrade

    from lsk_learn.auth.models import User
    from lsk_learn.bank.loader import load_bank
    from lsk_learn.bank.sync import sync_bank
    from lsk_learn.cohorts.services import CONSENT_PURPOSE
    from lsk_learn.domain.exam_rules import KNOWLEDGE, KNOWLEDGE_PARTS
    from lsk_learn.exams.services import required_parts
    from lsk_learn.extensions import db
    from lsk_learn.profiles.models import LearnerProfile

    app = setup_app(url)
    now = datetime.now(timezone.utc)
    names = [f"bench-learner-{i:05d}" for i in range(learners)]
    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()) as alembic_log:  # its INFO lines, shown only on failure
            try:
                upgrade()
            except Exception:
                sys.stderr.write(alembic_log.getvalue())
                raise
        bank = load_bank(ROOT / "question_bank")
        if not bank.ok:
            raise SystemExit(f"the question bank has problems: {bank.problems[:3]}")
        sync_bank(bank, now)
        hasher = User(username="x", display_name="x")
        hasher.set_password(PASSWORD)  # the app's own hashing (scrypt in production), done once
        first_id = (db.session.scalar(text('SELECT max(id) FROM "user"')) or 0) + 1
        ids = range(first_id, first_id + learners)
        for chunk in range(0, learners, 5000):
            part = slice(chunk, chunk + 5000)
            db.session.execute(insert(User), [
                {"id": uid, "username": name, "display_name": f"Bench Learner {name[-5:]}",
                 "password_hash": hasher.password_hash, "role": "learner", "is_enabled": True,
                 "must_change_password": False, "password_changed_at": now, "created_at": now}
                for uid, name in zip(ids[part], names[part])])
            db.session.execute(insert(LearnerProfile), [
                {"user_id": uid, "birth_year": now.year - 40, "exemptions": [], "consent_at": now,
                 "consent_purpose": CONSENT_PURPOSE} for uid in ids[part]])
        if url.startswith("postgresql"):  # ids given explicitly: move the sequence past them
            db.session.execute(text("SELECT setval(pg_get_serial_sequence('\"user\"', 'id'), "
                                    "(SELECT max(id) FROM \"user\"))"))
        db.session.commit()
        if learners and required_parts(first_id, KNOWLEDGE, now.date()) != KNOWLEDGE_PARTS:
            raise SystemExit("the bench learners' profile does not lead to every knowledge part")
        db.session.remove()
        db.engine.dispose()
    return names


# --- servers ---------------------------------------------------------------------------------

def app_env(url: str, redis_url: str | None, proxy_hops: int, workers: int | None) -> dict:
    env = {**os.environ, "LSK_DATABASE_URL": url, "LSK_SECRET_KEY": SECRET_KEY, "LSK_SECURE_COOKIES": "0",
           "LSK_PROXY_HOPS": str(proxy_hops), "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("LSK_TEST_DATABASE_URL", "LSK_REDIS_URL", "LSK_GUNICORN_WORKERS", "LSK_BIND"):
        env.pop(name, None)
    if redis_url:
        env["LSK_REDIS_URL"] = redis_url
    if workers:
        env["LSK_GUNICORN_WORKERS"] = str(workers)
    return env


def start_gunicorn(env: dict, workdir: Path, name: str, app_uri: str | None = None) -> Server:
    """gunicorn with deploy/gunicorn.conf.py as it is (workers and threads from the environment)
    on a free loopback port; its access log and errors kept in workdir."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("gunicorn")), "--config", str(GUNICORN_CONF)]
    if app_uri:
        command.append(app_uri)
    return start(command, name=f"gunicorn {name}", port=port, env={**env, "LSK_BIND": f"{HOST}:{port}"},
                 log=workdir / f"{name}.access.log", errors=workdir / f"{name}.error.log", timeout=90)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def _replace(config: str, old: str, new: str) -> str:
    if old not in config:
        raise SystemExit(f"{old!r} is no longer in the nginx config: update bench/exam_day.py's rendering")
    return config.replace(old, new)


def start_nginx(workdir: Path, upstream_ports: list[int], worker_connections: int) -> tuple[subprocess.Popen, str]:
    """deploy/nginx/lsk-learn-http.conf (its locations snippet, static files from this checkout) in
    front of the app servers, on a free loopback port, rendered as tests/deploy/test_two_servers.py
    does; the main config is Debian's (worker_processes auto, sendfile, gzip). Our own master,
    stopped by its PID."""
    tmp = workdir / "nginx"
    tmp.mkdir()
    locations = _replace((NGINX_DIR / "lsk-learn-locations.conf").read_text(), "alias /srv/lsk-learn/static/;",
                         f"alias {ROOT}/static/;")
    (tmp / "lsk-learn-locations.conf").write_text(locations)
    port = free_port()
    site = (NGINX_DIR / "lsk-learn-http.conf").read_text()
    site = _replace(site, "server 127.0.0.1:8001 ", f"server 127.0.0.1:{upstream_ports[0]} ")
    if len(upstream_ports) > 1:
        site = _replace(site, "server 127.0.0.1:8002 ", f"server 127.0.0.1:{upstream_ports[1]} ")
    else:
        site = re.sub(r"^\s*server 127\.0\.0\.1:8002 .*\n", "", site, flags=re.M)
    site = _replace(site, "listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    site = _replace(site, "include /etc/nginx/snippets/lsk-learn-locations.conf;", f"include {tmp / 'lsk-learn-locations.conf'};")
    (tmp / "site.conf").write_text(site)
    temp_dirs = "\n".join(f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(f"""{user}worker_processes auto;
worker_rlimit_nofile {4 * worker_connections};
pid {tmp / 'nginx.pid'};
error_log {tmp / 'error.log'} notice;
events {{ worker_connections {worker_connections}; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp / 'access.log'};
    gzip on;
{temp_dirs}
    include {tmp / 'site.conf'};
}}
""")
    command = [nginx_binary(), "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise SystemExit(f"nginx -t failed: {checked.stderr}")
    with (tmp / "nginx.stderr").open("w") as stderr:
        process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=stderr,
                                   start_new_session=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise SystemExit(f"nginx did not start: {(tmp / 'error.log').read_text()[-2000:]}")
            time.sleep(0.1)
    return process, f"http://{HOST}:{port}"


def raise_file_limit() -> None:
    """Every learner holds a socket (and nginx two): lift the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def server_log_problems(workdir: Path) -> list[str]:
    """Tracebacks and worker timeouts in the app servers' error logs, nginx's complaints."""
    found = []
    for log in sorted(workdir.glob("*.error.log")):
        content = log.read_text(errors="replace")
        tracebacks = content.count("Traceback (most recent call last)")
        if tracebacks:
            first = content.index("Traceback (most recent call last)")
            found.append(f"{log.name}: {tracebacks} traceback(s); the first:\n{content[first:first + 3000]}")
        for marker in ("WORKER TIMEOUT", "was sent SIGKILL", "Worker failed"):
            if content.count(marker):
                found.append(f"{log.name}: {content.count(marker)} x {marker!r}")
    nginx_log = workdir / "nginx" / "error.log"
    if nginx_log.exists():
        lines = [line for line in nginx_log.read_text(errors="replace").splitlines() if "[error]" in line or "[alert]" in line
                 or "[crit]" in line or "[warn]" in line]
        if lines:
            kinds = Counter(re.sub(r"^.*?\] \d+#\d+: (\*\d+ )?", "", line).split(",")[0][:90] for line in lines)
            found.append("nginx error.log: " + "; ".join(f"{n} x {k}" for k, n in kinds.most_common(6)))
    return found


def booted_workers(workdir: Path) -> int:
    return sum(log.read_text(errors="replace").count("Booting worker") for log in workdir.glob("*.error.log"))


class ProcessSampler:
    """Every second: the resident memory (RSS) of each gunicorn worker of the given masters (per
    PID, so recycled workers count separately) and their CPU time. A thread: cheap, no asyncio."""

    def __init__(self, masters: list[int], interval: float = 1.0):
        self.masters = [psutil.Process(pid) for pid in masters]
        self.interval = interval
        self.peak_rss: dict[int, int] = {}
        self.master_rss: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.machine: list[tuple[float, int, int]] = []  # (perf_counter, busy jiffies, all jiffies) of /proc/stat
        self.others: dict[str, dict[int, float]] = {"postgres": {}, "nginx": {}}  # name -> pid -> CPU seconds
        self.shares: list[tuple[float, float, float, float]] = []  # (perf_counter, app, postgres, nginx) CPU seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def sample(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            with open("/proc/stat") as stat:
                jiffies = [int(v) for v in stat.readline().split()[1:]]
            idle = jiffies[3] + jiffies[4]  # idle, iowait
            self.machine.append((time.perf_counter(), sum(jiffies) - idle, sum(jiffies)))
        for process in psutil.process_iter(["name", "cpu_times"]):
            name = (process.info["name"] or "").split(":")[0]
            if name in self.others and process.info["cpu_times"] is not None:
                self.others[name][process.pid] = sum(process.info["cpu_times"][:2])
        for master in self.masters:
            with contextlib.suppress(psutil.Error):
                self.master_rss[master.pid] = max(self.master_rss.get(master.pid, 0), master.memory_info().rss)
                self.cpu[master.pid] = sum(master.cpu_times()[:2])
                for worker in master.children():
                    with contextlib.suppress(psutil.Error):
                        self.peak_rss[worker.pid] = max(self.peak_rss.get(worker.pid, 0), worker.memory_info().rss)
                        self.cpu[worker.pid] = sum(worker.cpu_times()[:2])
        self.shares.append((time.perf_counter(), sum(self.cpu.values()), sum(self.others["postgres"].values()),
                            sum(self.others["nginx"].values())))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def report(self) -> str:
        if not self.peak_rss:
            return "peak RSS: no worker seen"
        peaks = sorted(self.peak_rss.values())
        mb = 1024 * 1024
        return (f"peak RSS per gunicorn worker: max {peaks[-1] / mb:.1f} MB, median {statistics.median(peaks) / mb:.1f} MB "
                f"over {len(peaks)} worker processes; masters {', '.join(f'{v / mb:.1f}' for v in self.master_rss.values())} MB\n"
                f"server CPU time (masters and workers, sampled): {sum(self.cpu.values()):.1f} s")


# --- the simulated browser -------------------------------------------------------------------

@dataclass
class Stats:
    samples: dict = field(default_factory=lambda: defaultdict(list))   # step -> [seconds] of every request
    errors: dict = field(default_factory=lambda: defaultdict(Counter))  # step -> Counter(reason)

    started: list[tuple[float, float]] = field(default_factory=list)  # (perf_counter at start, seconds)

    def add(self, step: str, seconds: float, error: str | None = None, began: float | None = None) -> None:
        self.samples[step].append(seconds)
        if began is not None:
            self.started.append((began, seconds))
        if error:
            self.errors[step][error] += 1

    def total_errors(self) -> int:
        return sum(sum(c.values()) for c in self.errors.values())

    def table(self, wall: float, steps=STEPS) -> str:
        rows = [f"{'step':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}"]
        everything = []
        for step in [*steps, *sorted(set(self.samples) - set(steps))]:
            values = sorted(self.samples.get(step, []))
            everything += values
            rows.append(_row(step, values, wall, sum(self.errors[step].values())))
        rows.append(_row("all", sorted(everything), wall, self.total_errors()))
        for step, reasons in self.errors.items():
            for reason, count in reasons.most_common(5):
                rows.append(f"  error {step}: {count} x {reason}")
        return "\n".join(rows)


def timeline(stats: Stats, machine: list[tuple[float, int, int]], shares: list[tuple[float, float, float, float]],
             window: float = 30) -> str:
    """Per window of the run: requests started, their p50/p95, how busy the machine's CPUs were
    (/proc/stat: every process, the load generator included), and the app servers', PostgreSQL's
    and nginx's part of it (in % of the machine's two cores)."""
    cores = os.cpu_count() or 1
    if not stats.started:
        return "timeline: no requests"
    first = min(b for b, _ in stats.started)
    windows: dict[int, list[float]] = defaultdict(list)
    for began, seconds in stats.started:
        windows[int((began - first) // window)].append(seconds)
    rows = [f"timeline, {window:g} s windows by request start:",
            f"{'from s':>8} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} {'CPU busy':>8} {'app':>5} {'db':>5} {'nginx':>5}"]
    for index in sorted(windows):
        values = sorted(windows[index])
        start, end = first + index * window, first + (index + 1) * window
        inside = [m for m in machine if start <= m[0] <= end]
        busy = (f"{100 * (inside[-1][1] - inside[0][1]) / max(1, inside[-1][2] - inside[0][2]):7.0f}%"
                if len(inside) > 1 else "       ?")
        part = [m for m in shares if start <= m[0] <= end]
        parts = ("".join(f" {100 * (part[-1][k] - part[0][k]) / ((part[-1][0] - part[0][0]) * cores):4.0f}%" for k in (1, 2, 3))
                 if len(part) > 1 and part[-1][0] > part[0][0] else "")
        rows.append(f"{index * window:>8.0f} {len(values) / window:>6.1f} {percentile(values, 50):>8.1f} "
                    f"{percentile(values, 95):>8.1f} {busy}{parts}")
    return "\n".join(rows)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values, in ms."""
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))] * 1000


def _row(step: str, values: list[float], wall: float, errors: int) -> str:
    return (f"{step:<10} {len(values):>8} {len(values) / wall if wall else 0:>7.1f} {percentile(values, 50):>8.1f} "
            f"{percentile(values, 95):>8.1f} {percentile(values, 99):>8.1f} {percentile(values, 100):>8.1f} {errors:>6}")


@dataclass
class Reply:
    status: int
    body: str
    location: str


class StepFailed(Exception):
    pass


_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]*)"')


def csrf_token(body: str) -> str:
    tag = _CSRF.search(body)
    if tag is None or not _VALUE.search(tag.group(0)):
        raise StepFailed("no csrf_token in the page")
    return html.unescape(_VALUE.search(tag.group(0)).group(1))


class Browser:
    """One learner's browser: its own cookie jar and keep-alive connection from its own loopback
    address (127.1.x.y: the sign-in throttle counts per address, as it would for learners at home)."""

    def __init__(self, base: str, address: str, stats: Stats, timeout: float, keepalive: float):
        connector = aiohttp.TCPConnector(limit=1, local_addr=(address, 0), keepalive_timeout=keepalive,
                                         force_close=False, enable_cleanup_closed=True)
        self.session = aiohttp.ClientSession(base, connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             timeout=aiohttp.ClientTimeout(total=timeout),
                                             headers={"User-Agent": "lsk-bench"})
        self.stats = stats

    async def close(self) -> None:
        await self.session.close()

    async def once(self, step: str, method: str, path: str, data=None, headers=None) -> Reply | str:
        """One timed request, no redirects followed: the reply, or the reason it failed."""
        began = time.perf_counter()
        try:
            async with self.session.request(method, path, data=data, headers=headers, allow_redirects=False) as response:
                body = await response.text()
                location = urllib.parse.urlsplit(response.headers.get("Location", "")).path
                return Reply(response.status, body, location)
        except asyncio.TimeoutError:
            return "timeout"
        except aiohttp.ClientError as error:
            return type(error).__name__
        finally:
            self.began, self.elapsed = began, time.perf_counter() - began

    async def request(self, step: str, method: str, path: str, data=None, expect: int = 200,
                      location: str | re.Pattern | None = None, tries: int = 3, headers=None, check=None) -> Reply:
        """A request that must answer `expect` (and redirect to `location`, and pass `check(body)`
        when given); a failed one is tried again after a pause, as a person presses again; every
        try is a sample of its step."""
        for attempt in range(tries):
            reply = await self.once(step, method, path, data, headers)
            if isinstance(reply, str):
                error = reply
            elif reply.status != expect:
                error = f"HTTP {reply.status} ({method} {_shape(path)})"
            elif check is not None and (problem := check(reply.body)):
                error = f"{problem} ({method} {_shape(path)})"
            elif location is not None and not (location.fullmatch(reply.location) if isinstance(location, re.Pattern)
                                                else reply.location == location):
                error = f"redirect to {_shape(reply.location)} ({method} {_shape(path)})"
            else:
                self.stats.add(step, self.elapsed, began=self.began)
                return reply
            self.stats.add(step, self.elapsed, error, began=self.began)
            if attempt + 1 < tries:
                await asyncio.sleep(1 + attempt)
        raise StepFailed(f"{step}: {error}")


def _shape(path: str) -> str:
    return re.sub(r"/\d+", "/N", path)


def answer_form_fields(body: str, rng: random.Random) -> list[tuple[str, str]] | None:
    """An answer for the exam item page, from the fields of its answer form (regular expressions,
    no HTML parser): one radio, some checkboxes, every select, or text. None when nothing to fill."""
    form = re.search(r'<form[^>]*id="answer-form".*?</form>', body, re.S)
    if form is None:
        raise StepFailed("no answer form in the item page")
    form = form.group(0)
    choices = defaultdict(list)  # name -> [(type, value)]
    for tag in re.findall(r"<input\b[^>]*>", form):
        kind = re.search(r'type="([^"]*)"', tag)
        name = re.search(r'name="([^"]*)"', tag)
        value = _VALUE.search(tag)
        if name and kind and kind.group(1) in ("radio", "checkbox", "text") and name.group(1) != "csrf_token":
            choices[name.group(1)].append((kind.group(1), html.unescape(value.group(1)) if value else ""))
    fields = []
    for name, options in choices.items():
        kinds = {k for k, _ in options}
        if kinds == {"radio"}:
            fields.append((name, rng.choice(options)[1]))
        elif kinds == {"checkbox"}:
            picked = rng.sample(options, rng.randint(1, len(options)))
            fields += [(name, value) for _, value in picked]
        elif kinds == {"text"}:
            fields.append((name, rng.choice(SHORT_ANSWERS)))
    for name, inner in re.findall(r'<select\b[^>]*name="([^"]*)"[^>]*>(.*?)</select>', form, re.S):
        values = [html.unescape(v) for v in re.findall(r'<option value="([^"]+)"', inner)]
        if values:
            fields.append((name, rng.choice(values)))
    for name in re.findall(r'<textarea\b[^>]*name="([^"]*)"', form):
        words = ANTHEM.split(" ")
        if rng.random() < 0.3:  # some learners drop a word
            del words[rng.randrange(len(words))]
        fields.append((name, " ".join(words)))
    return fields or None


# --- one learner -----------------------------------------------------------------------------

@dataclass
class Outcome:
    username: str
    attempt_id: int | None = None
    acknowledged: dict = field(default_factory=dict)  # position -> [(field, value)] the server confirmed
    submitted: bool = False
    finished: bool = False
    failure: str | None = None


async def sit_exam(index: int, username: str, base: str, delay: float, args, stats: Stats) -> Outcome:
    outcome = Outcome(username)
    rng = random.Random(args.seed * 1_000_003 + index)
    await asyncio.sleep(delay)
    browser = Browser(base, f"127.1.{index // 250}.{index % 250 + 1}", stats, args.timeout, args.client_keepalive)
    try:
        page = await browser.request("login", "GET", "/auth/login")
        await browser.request("login", "POST", "/auth/login", expect=302, location=re.compile(r"/(?!auth/).*"), data={
            "username": username, "password": PASSWORD, "csrf_token": csrf_token(page.body)})
        intro = await browser.request("start", "GET", "/exams/start/knowledge")
        started = await browser.request("start", "POST", "/exams/start/knowledge", expect=302,
                                        location=re.compile(r"/exams/\d+/item/0"),
                                        data={"csrf_token": csrf_token(intro.body)}, tries=1)  # twice = two attempts
        outcome.attempt_id = attempt = int(started.location.split("/")[2])
        if args.client == "script":
            await _answer_by_script(browser, attempt, rng, args, outcome)
        else:
            await _answer_page_by_page(browser, attempt, rng, args, outcome)
        confirm = await browser.request("submit", "GET", f"/exams/{attempt}/submit")
        await browser.request("submit", "POST", f"/exams/{attempt}/submit", expect=302,
                              location=f"/exams/{attempt}/results", data={"csrf_token": csrf_token(confirm.body)})
        outcome.submitted = True
        await browser.request("results", "GET", f"/exams/{attempt}/results")
        outcome.finished = True
    except StepFailed as failure:
        outcome.failure = str(failure)
    except asyncio.CancelledError:
        outcome.failure = "stopped at the time limit"
    finally:
        await browser.close()
    return outcome


async def _answer_page_by_page(browser: Browser, attempt: int, rng: random.Random, args, outcome: Outcome) -> None:
    """Without JavaScript: every question is a page, every answer a form post redirected to the next."""
    position = 0
    while True:
        item = await browser.request("item_page", "GET", f"/exams/{attempt}/item/{position}")
        answer = answer_form_fields(item.body, rng)
        await asyncio.sleep(rng.uniform(*args.think))
        data = [("csrf_token", csrf_token(item.body)), *(answer or []), ("go", "next")]
        onwards = re.compile(rf"/exams/{attempt}/(item/{position + 1}|overview)")
        saved = await browser.request("save", "POST", f"/exams/{attempt}/item/{position}", data=data, expect=302,
                                      location=onwards)
        if answer:
            outcome.acknowledged[position] = answer
        if saved.location.endswith("/overview"):
            return
        position += 1


_TEMPLATE = re.compile(r'<template data-position="(\d+)"[^>]*?( data-page-only)?>(.*?)</template>', re.S)


async def _answer_by_script(browser: Browser, attempt: int, rng: random.Random, args, outcome: Outcome) -> None:
    """What static/js/exam-client.js does: the first question's page, then all questions once,
    then every answer sent with a JSON reply; a question marked page-only is loaded as a page."""
    first = await browser.request("item_page", "GET", f"/exams/{attempt}/item/0")
    fragment = await browser.request("questions", "GET", f"/exams/{attempt}/items", headers=BY_SCRIPT,
                                     check=lambda body: None if "<template" in body else "no questions in the fragment")
    panels = {int(p): (body if not page_only else None) for p, page_only, body in _TEMPLATE.findall(fragment.body)}
    panels[0] = first.body
    token = csrf_token(first.body)
    position = 0
    while True:
        body = panels.get(position)
        if body is None:  # a question with a text or a recording: its own page
            body = (await browser.request("item_page", "GET", f"/exams/{attempt}/item/{position}")).body
        answer = answer_form_fields(body, rng)
        await asyncio.sleep(rng.uniform(*args.think))
        data = [("csrf_token", token), *(answer or []), ("go", "next")]
        expected = position + 1 if position + 1 < len(panels) else None
        saved = await browser.request("save", "POST", f"/exams/{attempt}/item/{position}", data=data,
                                      headers=BY_SCRIPT, check=lambda body: _saved_reply_problem(body, expected))
        if answer:
            outcome.acknowledged[position] = answer
        if json.loads(saved.body)["position"] is None:
            return
        position += 1


def _saved_reply_problem(body: str, expected_position: int | None) -> str | None:
    try:
        reply = json.loads(body)
    except ValueError:
        return "not JSON"
    if reply.get("saved") is not True:
        return f"not saved: {reply}"
    if reply.get("position") != expected_position:
        return f"sent to {reply.get('position')}, not {expected_position}"
    return None


async def run_learners(base: str, usernames: list[str], args, stats: Stats) -> tuple[list[Outcome], float]:
    rng = random.Random(args.seed)
    n = len(usernames)
    if args.arrival == "poisson":
        delays, at = [], 0.0
        for _ in range(n):
            delays.append(at)
            at += rng.expovariate(n / args.arrival_seconds) if args.arrival_seconds else 0
    else:
        delays = [args.arrival_seconds * i / n for i in range(n)]
    began = time.perf_counter()
    tasks = [asyncio.create_task(sit_exam(i, name, base, delays[i], args, stats)) for i, name in enumerate(usernames)]
    done, pending = await asyncio.wait(tasks, timeout=args.time_limit)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=30)
    return [task.result() for task in tasks if task.done() and not task.cancelled()], time.perf_counter() - began


# --- afterwards: what the database holds -------------------------------------------------------

def expected_response(question_type: str | None, part: str, sent: list[tuple[str, str]]):
    """What the server stores for a sent form (lsk_learn/domain/scoring.py parse_response)."""
    values = [v for k, v in sent if k == "answer"]
    if question_type is None:
        if part == "anthem":
            return {"text": next(v for k, v in sent if k == "text").strip()}
        return None
    if question_type == "true_false":
        return values[0] == "true"
    if question_type == "single":
        return values[0]
    if question_type == "multiple":
        return sorted(set(values))
    if question_type == "matching":
        return {k.removeprefix("match-"): v for k, v in sent if k.startswith("match-")}
    return " ".join(values[0].split())  # short text


def verify(url: str, outcomes: list[Outcome]) -> dict:
    """Every acknowledged answer stored as last sent; every submitted attempt graded in every part."""
    from lsk_learn.bank.models import Question
    from lsk_learn.exams.models import ExamAnswer, ExamAttempt, ExamItem, ExamPartResult

    engine = create_engine(url)
    item, answer, question = ExamItem.__table__, ExamAnswer.__table__, Question.__table__
    attempt_t, result_t = ExamAttempt.__table__, ExamPartResult.__table__
    counts = Counter({"acknowledged answers": 0, "lost answers (acknowledged, not stored)": 0,
                      "lost answers (stored differs from last sent)": 0, "ungraded answers (is_correct empty)": 0,
                      "attempts started": 0, "attempts submitted (acknowledged)": 0,
                      "ungraded attempts (not submitted in the database)": 0,
                      "ungraded attempts (a part without a result)": 0})
    examples = []
    mine = {o.attempt_id: o for o in outcomes if o.attempt_id}
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(item.c.attempt_id, item.c.position, item.c.part, question.c.type, answer.c.response,
                       answer.c.is_correct, item.c.question_id)
                .select_from(item.outerjoin(answer, answer.c.item_id == item.c.id)
                             .outerjoin(question, question.c.id == item.c.question_id))).all()
            stored = {(r.attempt_id, r.position): r for r in rows}
            for attempt_id, outcome in mine.items():
                for position, sent in outcome.acknowledged.items():
                    counts["acknowledged answers"] += 1
                    row = stored.get((attempt_id, position))
                    if row is None or row.response is None:
                        counts["lost answers (acknowledged, not stored)"] += 1
                        examples.append(f"attempt {attempt_id} position {position}: nothing stored; sent {sent}")
                        continue
                    want = expected_response(row.type, row.part, sent)
                    if row.response != want:
                        counts["lost answers (stored differs from last sent)"] += 1
                        examples.append(f"attempt {attempt_id} position {position}: stored {row.response!r}, sent {want!r}")
                    elif row.question_id and row.is_correct is None:
                        counts["ungraded answers (is_correct empty)"] += 1
            attempts = {r.id: r for r in connection.execute(select(attempt_t.c.id, attempt_t.c.status, attempt_t.c.parts))}
            results = defaultdict(dict)
            for r in connection.execute(select(result_t.c.attempt_id, result_t.c.part, result_t.c.score, result_t.c.passed)):
                results[r.attempt_id][r.part] = r
            counts["attempts started"] = len(mine)
            for attempt_id, outcome in mine.items():
                if not outcome.submitted:
                    continue
                counts["attempts submitted (acknowledged)"] += 1
                attempt = attempts.get(attempt_id)
                graded = results.get(attempt_id, {})
                if attempt is None or attempt.status != "submitted":
                    counts["ungraded attempts (not submitted in the database)"] += 1
                    examples.append(f"attempt {attempt_id}: status {attempt.status if attempt else None}")
                elif any(part not in graded or graded[part].score is None or graded[part].passed is None
                         for part in attempt.parts):
                    counts["ungraded attempts (a part without a result)"] += 1
                    examples.append(f"attempt {attempt_id}: parts {attempt.parts}, results {sorted(graded)}")
            counts["attempts in the database"] = len(attempts)
    finally:
        engine.dispose()
    return {"counts": counts, "examples": examples}


# --- main --------------------------------------------------------------------------------------

def think_range(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    low, high = float(low), float(high or low)
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError("think time: LOW-HIGH seconds, e.g. 10-20")
    return low, high


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--arrival-seconds", type=float, default=300, help="learners arrive over this long (300)")
    parser.add_argument("--arrival", choices=("even", "poisson"), default="even", help="evenly spread, or a Poisson process")
    parser.add_argument("--think", type=think_range, default=(10.0, 20.0), help="seconds on each question, LOW-HIGH (10-20)")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    via = parser.add_mutually_exclusive_group()
    via.add_argument("--via-nginx", dest="nginx", action="store_true", default=None,
                     help="two app servers behind nginx (the default when nginx is installed)")
    via.add_argument("--direct", dest="nginx", action="store_false", help="one app server, no nginx")
    parser.add_argument("--workers", type=int, help="gunicorn workers per app server (deploy/gunicorn.conf.py: 2 x cores + 1)")
    parser.add_argument("--redis-url", default=REDIS_URL, help=f"a Redis database of the bench's own, emptied at start ({REDIS_URL}); 'none': no Redis")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take on the client (30)")
    parser.add_argument("--client-keepalive", type=float, default=60,
                        help="seconds the client keeps an idle connection (60: under nginx's and gunicorn's 75)")
    parser.add_argument("--nginx-worker-connections", type=int, default=4096,
                        help="per nginx worker (4096, as README \"Production\" sets it; Debian's default is 768)")
    parser.add_argument("--time-limit", type=float, help="seconds the learners may take in all (arrival + 15 min)")
    parser.add_argument("--client", choices=("script", "pages"), default="script",
                        help="script: as a browser with JavaScript (static/js/exam-client.js: all questions at once, "
                             "answers with JSON replies); pages: as one without, a page per question (script)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs (kept anyway when something failed)")
    args = parser.parse_args(argv)
    if args.time_limit is None:
        args.time_limit = args.arrival_seconds + 15 * 60
    if args.nginx is None:
        args.nginx = nginx_binary() is not None
    elif args.nginx and nginx_binary() is None:
        parser.error("--via-nginx: nginx is not installed")
    if args.learners > 250 * 250:
        parser.error("at most 62,500 learners (one loopback address each)")
    return args


def prepare_redis(url: str | None) -> str | None:
    if not url or url == "none":
        return None
    import redis
    try:
        redis.Redis.from_url(url, socket_timeout=2).flushdb()
    except redis.RedisError as error:
        print(f"Redis at {url} does not answer ({error}): the sign-in throttle counts per process", flush=True)
        return None
    return url


@contextlib.contextmanager
def interrupts_as_exit(seconds: float):
    """SIGTERM and a last-resort alarm end the run like Ctrl-C does: through every `finally`."""
    def stopping(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)
    previous = {s: signal.signal(s, stopping) for s in (signal.SIGTERM, signal.SIGALRM)}
    signal.alarm(int(seconds))
    try:
        yield
    finally:
        signal.alarm(0)
        for s, handler in previous.items():
            signal.signal(s, handler)


def _mark(ok: bool) -> str:
    return "yes" if ok else "NO"


def main(argv=None) -> int:
    args = parse_args(argv)
    raise_file_limit()
    workdir = Path(tempfile.mkdtemp(prefix="lsk-bench-exam-day-"))
    keep = args.keep_logs
    began = time.perf_counter()
    try:
        with interrupts_as_exit(args.time_limit + 900), contextlib.ExitStack() as stack:
            url = stack.enter_context(bench_database(args.database, "lsk_bench_exam_day", workdir))
            usernames = build_database(url, args.learners)
            print(f"database: {args.database}, {args.learners} learners ready in {time.perf_counter() - began:.1f} s", flush=True)
            redis_url = prepare_redis(args.redis_url)
            env = app_env(url, redis_url, 1 if args.nginx else 0, args.workers)
            servers = []
            for name in (("a", "b") if args.nginx else ("a",)):
                server = start_gunicorn(env, workdir, name)
                stack.callback(stop, server.process)
                servers.append(server)
            if args.nginx:
                nginx, base = start_nginx(workdir, [s.port for s in servers], args.nginx_worker_connections)
                stack.callback(stop, nginx)
            else:
                base = servers[0].base
            workers = len(psutil.Process(servers[0].process.pid).children())
            print(f"servers: {len(servers)} x gunicorn (deploy/gunicorn.conf.py, {workers} workers each)"
                  f"{' behind nginx' if args.nginx else ', direct'} at {base}; redis: {redis_url or 'none'}", flush=True)
            print(f"learners: {args.learners} arriving {args.arrival} over {args.arrival_seconds:g} s, "
                  f"think {args.think[0]:g}-{args.think[1]:g} s, time limit {args.time_limit:g} s", flush=True)
            stats = Stats()
            client_cpu = sum(os.times()[:2])
            with ProcessSampler([s.process.pid for s in servers]) as sampler:
                outcomes, wall = asyncio.run(run_learners(base, usernames, args, stats))
            client_cpu = sum(os.times()[:2]) - client_cpu
            checked = verify(url, outcomes)
            problems = server_log_problems(workdir)
            booted = booted_workers(workdir)
            failed = [o for o in outcomes if not o.finished]
            print()
            print(f"wall time of the load: {wall:.1f} s; learners finished {len(outcomes) - len(failed)} of {args.learners}")
            print(stats.table(wall))
            print(timeline(stats, sampler.machine, sampler.shares))
            print()
            for name, count in checked["counts"].items():
                print(f"{name}: {count}")
            for example in checked["examples"][:10]:
                print(f"  {example}")
            for reason, count in Counter(o.failure for o in failed).most_common(8):
                print(f"learners who gave up: {count} x {reason}")
            print(sampler.report())
            print(f"gunicorn workers booted (recycling included): {booted}; load generator CPU time: {client_cpu:.1f} s")
            for problem in problems:
                print(f"server log: {problem}")
            lost = sum(v for k, v in checked["counts"].items() if k.startswith(("lost", "ungraded")))
            bad = stats.total_errors() or lost or failed or problems
            p95 = {step: percentile(sorted(stats.samples.get(step, [])), 95) for step in STEPS}
            slowest = max(p95, key=lambda step: p95[step] if p95[step] == p95[step] else -1)
            peak_mb = max(sampler.peak_rss.values(), default=0) / 1024 / 1024
            print(f"\ngoals (issue 13): errors 0: {_mark(not stats.total_errors())}; lost or ungraded 0: {_mark(not lost)}; "
                  f"p95 < 500 ms in every step: {_mark(all(v < 500 for v in p95.values()))} (slowest: {slowest} "
                  f"{p95[slowest]:.0f} ms); peak RSS < 150 MB per worker: {_mark(peak_mb < 150)} ({peak_mb:.0f} MB)")
            print(f"result: {stats.total_errors()} errors, {lost} lost or ungraded, "
                  f"{'OK' if not bad else 'PROBLEMS (see above)'}; total {time.perf_counter() - began:.1f} s")
            keep = keep or bool(bad)
            return 1 if bad else 0
    except KeyboardInterrupt as stopped:
        print(f"\nstopped ({str(stopped) or 'Ctrl-C'}): servers stopped, database dropped", file=sys.stderr)
        return 130
    finally:
        if keep:
            print(f"logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
