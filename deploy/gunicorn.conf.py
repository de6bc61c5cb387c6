"""gunicorn settings for LSK Learn: `gunicorn --config deploy/gunicorn.conf.py` from the project folder
(deploy/systemd/lsk-learn@.service runs one per port). Environment variables override the defaults:

  LSK_BIND                  address:port to listen on (127.0.0.1:8001); one app server per port
  LSK_GUNICORN_WORKERS      worker processes (2 x cores + 1, at most MAX_WORKERS)
  LSK_GUNICORN_THREADS      threads per worker (4)
  LSK_GUNICORN_WORKER_CLASS gthread (default) or sync, see below
  LSK_GUNICORN_KEEPALIVE    seconds an idle connection stays open (75)
  LSK_FORWARDED_ALLOW_IPS   the proxy's addresses (127.0.0.1,::1), see below
  LSK_GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (off by default)

The application reads its own settings (LSK_DATABASE_URL, LSK_SECRET_KEY, ...) from the same
environment: README "Configuration".
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


chdir = str(ROOT)
wsgi_app = "lsk_learn:create_app()"
bind = [os.environ.get("LSK_BIND", "127.0.0.1:8001")]
proc_name = "lsk-learn"

# --- Workers ---------------------------------------------------------------------------------
# 2 x cores + 1 processes: while one waits for the database another uses the CPU. The cap keeps
# the PostgreSQL connections in bounds: each worker holds up to `threads` connections, so N app
# servers need N x workers x threads of the server's max_connections (100 by default; 2 servers x
# 5 workers x 4 threads = 40 on a 2-core machine).
MAX_WORKERS = 12
workers = _env_int("LSK_GUNICORN_WORKERS", min(2 * _cores() + 1, MAX_WORKERS))

# Worker class: gthread. Behind nginx (the supported setup, deploy/nginx/) nginx holds the
# browsers' connections, reads their requests in full and buffers the responses, so a slow phone
# never holds a worker, and it keeps idle connections open to each app server (upstream
# `keepalive`). The sync worker cannot keep a connection: it answers every request with
# "Connection: close", so nginx would connect anew for each request. gthread keeps those
# connections and lets each process overlap the database waits of a few requests; the CPU part of
# a request holds Python's GIL, so more than ~4 threads buy nothing.
#
# Keep-alive must be LONGER than nginx's upstream keepalive_timeout (60 s in
# deploy/nginx/lsk-learn.conf). Then nginx always closes an idle connection first and never sends a
# request on a connection gunicorn is closing at that very moment; it could not resend a POST (an
# answer) elsewhere and would answer 502. Issue 13 measured that race with clients connecting
# directly: gunicorn's default keep-alive of 2 s ends inside the 1-20 s a learner thinks between two
# answers, so clients reused connections the server was closing and requests failed. Without nginx
# (not recommended), the same rule holds against the clients: a keep-alive longer than the think
# time (75 s covers 10-20 s), or LSK_GUNICORN_WORKER_CLASS=sync, which never reuses a connection.
worker_class = os.environ.get("LSK_GUNICORN_WORKER_CLASS", "gthread")
threads = _env_int("LSK_GUNICORN_THREADS", 4) if worker_class == "gthread" else 1
keepalive = _env_int("LSK_GUNICORN_KEEPALIVE", 75)
worker_connections = 1000  # gthread: open connections per worker, idle keep-alive ones included

# --- Timeouts --------------------------------------------------------------------------------
# `timeout`: a worker whose heartbeat stops for this long is killed and replaced. gthread's main
# thread beats while requests run, so this catches a hung process, not a slow request; nginx's
# proxy_read_timeout (60 s) bounds one request as the browser sees it.
timeout = 30
# On stop or reload, requests in flight get this long to finish (an answer save takes milliseconds;
# an XLSX export a few seconds). systemd's TimeoutStopSec is longer.
graceful_timeout = 30

# --- Graceful reload and recycling -------------------------------------------------------------
# `systemctl reload lsk-learn@8001` sends HUP: gunicorn re-reads this file, starts new workers with
# the new code (the app is not preloaded, so each worker imports it afresh), then lets the old ones
# finish their requests and exit. No request is refused meanwhile.
preload_app = False
# Each worker is replaced after about 5,000 requests (plus up to 500 at random, so the workers of a
# server do not all restart at once): memory a library holds on to cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # the heartbeat files: memory, not a disk that may stall
# gunicorn's control socket defaults to one path per user, which two app servers of one user would
# share; HUP and TERM are enough here.
if os.environ.get("LSK_GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["LSK_GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# --- The proxy in front ------------------------------------------------------------------------
# gunicorn takes the scheme (X-Forwarded-Proto: https) only from these addresses; the application
# takes the client's address, scheme and host from X-Forwarded-For/-Proto/-Host through werkzeug's
# ProxyFix when LSK_PROXY_HOPS=1. ProxyFix trusts by hop count, not by address: an app server must
# be reachable from nginx only (bind 127.0.0.1, or a firewall when nginx runs on another machine;
# then list nginx's address here and bind LSK_BIND to the private interface).
forwarded_allow_ips = os.environ.get("LSK_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# --- Logs --------------------------------------------------------------------------------------
# Access log: one JSON object a line on stdout (lsk_learn/ops/access_log.py); errors and gunicorn's
# own messages on stderr. Under systemd both go to the journal: `journalctl -u 'lsk-learn@*'`.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LSK_GUNICORN_LOGLEVEL", "info")
logger_class = "lsk_learn.ops.access_log.JsonAccessLogger"


def post_worker_init(worker):
    """Once the app is loaded: its objects (modules, the bank's caches) live as long as the worker,
    so they leave the garbage collector's generations and no collection walks them again."""
    import gc

    gc.freeze()


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each thread that allocates its own malloc arena (up to 8 per core), and each
    arena keeps freed memory for itself: with 4 threads a worker's resident memory grows by tens of
    MB over a morning. Set in the master, so the forked workers inherit it (as MALLOC_ARENA_MAX=2)."""
    import ctypes
    import ctypes.util

    m_arena_max = -8  # malloc.h
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(m_arena_max, arenas)
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to limit
        pass


_limit_malloc_arenas()
