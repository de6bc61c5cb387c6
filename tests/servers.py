"""Real app servers for the tests (browser journeys, the shared throttle, the deployment tests): a
process of its own on 127.0.0.1 and a free port, ready once it answers, stopped by its PID."""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str
    port: int
    process: subprocess.Popen
    log: Path | None = None   # its stdout, when kept

    def access_log(self) -> list[str]:
        """The JSON lines of its stdout (gunicorn's access log with deploy/gunicorn.conf.py)."""
        return [line for line in self.log.read_text().splitlines() if line.startswith("{")] if self.log else []

    def stop(self) -> None:
        stop(self.process)


def start(command: list[str], env: dict, port: int, name: str = "server", ready_path: str = "/healthz",
          log: Path | None = None, errors: Path | None = None, timeout: float = 30) -> Server:
    """Run `command` (which must listen on HOST:port) in a session of its own and wait until
    `ready_path` answers 200; stdout and stderr go to `log` and `errors`, or nowhere."""
    with _output(log) as stdout, _output(errors) as stderr:   # the child keeps its own copies
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr, start_new_session=True)
    server = Server(f"http://{HOST}:{port}", port, process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}: {_tail(errors)}")
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            connection.request("GET", ready_path)
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"{name} did not answer on {server.base}{ready_path} within {timeout:.0f} s: {_tail(errors)}")


def start_waitress(env: dict, threads: int = 4, **kwargs) -> Server:
    """The app served by waitress (as scripts/start.sh does)."""
    port = free_port()
    command = [sys.executable, "-m", "waitress", "--host", HOST, f"--port={port}", "--threads", str(threads),
               "--call", "lsk_learn:create_app"]
    return start(command, env, port, name="waitress", **kwargs)


@contextmanager
def waitress(env: dict, **kwargs):
    """A waitress server for the duration of the block."""
    server = start_waitress(env, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def stop(process: subprocess.Popen) -> None:
    """TERM the process by its PID (gunicorn, nginx: a graceful stop of the master and its workers);
    KILL its process group if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        if os.getpgid(process.pid) == process.pid:   # started in a session of its own: the group is its
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(timeout=5)


@contextmanager
def _output(path: Path | None):
    if path is None:
        yield subprocess.DEVNULL
    else:
        with path.open("w") as file:
            yield file


def _tail(path: Path | None) -> str:
    return path.read_text()[-2000:] if path and path.exists() else "(no output kept)"
