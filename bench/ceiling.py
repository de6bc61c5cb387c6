"""Benchmark (not a test), issue 13 "ceiling": how many answer saves a second the app serves at
saturation, against a bare Flask baseline doing only the database write (bench/ceiling_baseline.py).

    .venv/bin/python bench/ceiling.py [--seconds 20] [--concurrency 32] [--workers N]

In one run, on one PostgreSQL database (`lsk_bench_ceiling`, dropped at the end) and the same
gunicorn config (deploy/gunicorn.conf.py, same workers and threads, one server, no nginx):
  (a) the app: `--concurrency` signed-in learners, each with an open knowledge attempt, replace
      their answers as fast as the server lets them (POST /exams/<id>/item/<n> with the page's
      fields and CSRF token, expecting 302), no think time;
  (b) the baseline: the same number of clients POST the same exam items to the baseline's one
      endpoint, which runs the single `INSERT ... ON CONFLICT (item_id) DO UPDATE` with raw psycopg.
Prints both throughputs, p50/p95, errors and the ratio app/baseline (the goal: at least 0.5).
The clients share the machine with the servers; their CPU time is printed too.
"""
import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from exam_day import (PASSWORD, REDIS_URL, Browser, ProcessSampler, Stats, StepFailed, answer_form_fields,  # noqa: E402
                      app_env, bench_database, build_database, csrf_token, interrupts_as_exit, percentile,
                      prepare_redis, raise_file_limit, server_log_problems, start_gunicorn, stop)


async def prepare_learners(base: str, usernames: list[str], positions: int, stats: Stats) -> list[dict]:
    """Sign each learner in, start their knowledge exam, read its first `positions` item pages."""
    gate = asyncio.Semaphore(4)  # sign-ins a few at a time: scrypt, one check per process at once

    async def one(index: int, username: str) -> dict:
        browser = Browser(base, f"127.1.{index // 250}.{index % 250 + 1}", stats, 30, 75)
        async with gate:
            page = await browser.request("login", "GET", "/auth/login")
            await browser.request("login", "POST", "/auth/login", expect=302, data={
                "username": username, "password": PASSWORD, "csrf_token": csrf_token(page.body)})
            intro = await browser.request("start", "GET", "/exams/start/knowledge")
            started = await browser.request("start", "POST", "/exams/start/knowledge", expect=302,
                                            location=re.compile(r"/exams/\d+/item/0"),
                                            data={"csrf_token": csrf_token(intro.body)}, tries=1)
            attempt = int(started.location.split("/")[2])
            pages = {}
            for position in range(positions):
                pages[position] = (await browser.request("item_page", "GET", f"/exams/{attempt}/item/{position}")).body
        return {"browser": browser, "attempt": attempt, "pages": pages}

    return await asyncio.gather(*(one(i, name) for i, name in enumerate(usernames)))


async def saturate(clients: list, send, seconds: float, warmup: float, stats: Stats, step: str) -> float:
    """Every client sends requests back to back for warmup + seconds; only the last `seconds` are
    kept. `send(client, n)` makes the client's n-th request and returns the error or None."""
    began = time.perf_counter()
    measure_from, end = began + warmup, began + warmup + seconds

    async def loop(client):
        n = 0
        while (now := time.perf_counter()) < end:
            error, elapsed = await send(client, n)
            if now >= measure_from and time.perf_counter() <= end + 30:
                stats.add(step, elapsed, error)
            n += 1

    await asyncio.gather(*(loop(client) for client in clients))
    return seconds


async def app_phase(base: str, usernames: list[str], args, stats: Stats) -> tuple[float, list]:
    prep = Stats()
    learners = await prepare_learners(base, usernames, args.positions, prep)
    rng = random.Random(args.seed)
    try:
        async def send(learner, n):
            position = n % args.positions
            body = learner["pages"][position]
            data = [("csrf_token", csrf_token(body)), *(answer_form_fields(body, rng) or []), ("go", "next")]
            reply = await learner["browser"].once("save", "POST", f"/exams/{learner['attempt']}/item/{position}", data)
            elapsed = learner["browser"].elapsed
            if isinstance(reply, str):
                return reply, elapsed
            if reply.status != 302 or "/results" in reply.location:
                return f"HTTP {reply.status} -> {reply.location}", elapsed
            return None, elapsed

        seconds = await saturate(learners, send, args.seconds, args.warmup, stats, "app save")
        return seconds, [(x["attempt"], list(x["pages"])) for x in learners]
    finally:
        for learner in learners:
            await learner["browser"].close()
        if prep.total_errors():
            print(f"while preparing the learners:\n{prep.table(1)}", flush=True)


async def baseline_phase(base: str, items: list[list[tuple[int, int]]], args, stats: Stats) -> float:
    """items: per client, its (attempt_id, item_id) pairs."""
    sessions = [aiohttp.ClientSession(base, connector=aiohttp.TCPConnector(limit=1, keepalive_timeout=75),
                                      timeout=aiohttp.ClientTimeout(total=30)) for _ in items]
    rng = random.Random(args.seed)
    try:
        async def send(client, n):
            session, pairs = client
            attempt_id, item_id = pairs[n % len(pairs)]
            began = time.perf_counter()
            try:
                async with session.post(f"/save/{attempt_id}/{item_id}", data={"answer": rng.choice("abcd")},
                                        allow_redirects=False) as response:
                    await response.read()
                    error = None if response.status == 302 else f"HTTP {response.status}"
            except asyncio.TimeoutError:
                error = "timeout"
            except aiohttp.ClientError as e:
                error = type(e).__name__
            return error, time.perf_counter() - began

        return await saturate(list(zip(sessions, items)), send, args.seconds, args.warmup, stats, "baseline save")
    finally:
        for session in sessions:
            await session.close()


def summary(stats: Stats, step: str, seconds: float) -> tuple[float, str]:
    values = sorted(stats.samples.get(step, []))
    errors = sum(stats.errors[step].values())
    ok = len(values) - errors
    rate = ok / seconds
    reasons = "; ".join(f"{n} x {r}" for r, n in stats.errors[step].most_common(3))
    return rate, (f"{step:<14} {ok:>8} {rate:>8.1f} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
                  f"{percentile(values, 99):>8.1f} {errors:>6}{'  ' + reasons if reasons else ''}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per side (20)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before measuring (3)")
    parser.add_argument("--concurrency", type=int, default=32, help="clients sending back to back (32)")
    parser.add_argument("--positions", type=int, default=5, help="items each learner keeps replacing (5)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (deploy/gunicorn.conf.py: 2 x cores + 1)")
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args(argv)
    raise_file_limit()
    workdir = Path(tempfile.mkdtemp(prefix="lsk-bench-ceiling-"))
    keep = args.keep_logs
    try:
        with interrupts_as_exit(1800 + 3 * args.seconds), contextlib.ExitStack() as stack:
            url = stack.enter_context(bench_database("postgres", "lsk_bench_ceiling", workdir))
            usernames = build_database(url, args.concurrency)
            env = app_env(url, prepare_redis(args.redis_url), 0, args.workers)
            stats = Stats()

            server = start_gunicorn(env, workdir, "app")
            stack.callback(stop, server.process)
            cpu = sum(os.times()[:2])
            with ProcessSampler([server.process.pid]) as sampler:
                app_seconds, attempts = asyncio.run(app_phase(server.base, usernames, args, stats))
            app_cpu = sum(os.times()[:2]) - cpu
            workers = len(sampler.peak_rss)
            stop(server.process)

            engine = create_engine(url)
            with engine.connect() as connection:
                ids = {(r.attempt_id, r.position): r.id for r in connection.execute(text(
                    "SELECT id, attempt_id, position FROM exam_item WHERE position < :n"), {"n": args.positions})}
            engine.dispose()
            items = [[(attempt, ids[(attempt, p)]) for p in positions] for attempt, positions in attempts]
            baseline_env = {**env, "LSK_BASELINE_DATABASE": url.replace("postgresql+psycopg://", "postgresql://")}
            baseline = start_gunicorn(baseline_env, workdir, "baseline", app_uri="bench.ceiling_baseline:app")
            stack.callback(stop, baseline.process)
            cpu = sum(os.times()[:2])
            baseline_seconds = asyncio.run(baseline_phase(baseline.base, items, args, stats))
            baseline_cpu = sum(os.times()[:2]) - cpu
            stop(baseline.process)

            app_rate, app_row = summary(stats, "app save", app_seconds)
            base_rate, base_row = summary(stats, "baseline save", baseline_seconds)
            print(f"\nPostgreSQL, gunicorn deploy/gunicorn.conf.py ({workers} workers), {args.concurrency} clients "
                  f"back to back, {args.seconds:g} s measured after {args.warmup:g} s warm-up each")
            print(f"{'':<14} {'saves':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
            print(app_row)
            print(base_row)
            ratio = app_rate / base_rate if base_rate else float("nan")
            print(f"ratio app/baseline: {ratio:.2f} (goal >= 0.5)")
            print(f"load generator CPU time: app phase {app_cpu:.1f} s (sign-ins included), baseline phase {baseline_cpu:.1f} s")
            print(sampler.report())
            problems = server_log_problems(workdir)
            for problem in problems:
                print(f"server log: {problem}")
            bad = bool(stats.total_errors() or problems)
            keep = keep or bad
            return 0 if ratio >= 0.5 and not bad else 1
    except StepFailed as failure:
        print(f"preparing the learners failed: {failure}", file=sys.stderr)
        keep = True
        return 1
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
