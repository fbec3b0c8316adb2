"""Throughput and upload latency of the submission service, and its overhead over a check.

Run: ``.venv/bin/python -m bench.service [--submissions 100] [--clients 20] [--database sqlite]``.

Each submission is a text plan with two evidence scans, every file distinct. For one and
then two Celery worker processes (one pool process each) on a private redis-server and a
fresh database (PostgreSQL by default, as docker-compose deploys several workers; SQLite,
the one-machine default, with ``--database sqlite``): upload all submissions from
``--clients`` concurrent HTTP clients on loopback, each school with its own account and
API token, the upload rate limit at its default (latency p50/p99, authentication
included; no check runs meanwhile), then start the workers and time until every result is
stored. Throughput is submissions per second between the first check's start and the
last result; the goal is a ratio of at least 1.7 for two workers on two cores. The same
files are also checked directly with ``check_document`` (what ``cchc check`` runs), before
and after the service runs, to compare the time per submission (the service's is one
worker's wall time per submission, cold pool process included); overhead goal: under
10 %. Results go to ``bench/out/service.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from sqlalchemy import func, select

from tests.service.infra import (
    RedisServer,
    Service,
    fresh_postgres,
    multipart,
    wait_until,
)
from tests.service.samples import write_evidence, write_plan
from validator.models import DocKind
from validator.options import CheckOptions
from validator.pipeline import check_document
from validator.store import accounts
from validator.store.db import make_engine, make_sessionmaker, upgrade
from validator.store.models import Version

OUT = Path(__file__).resolve().parent / "out" / "service.json"


def make_inputs(folder: Path, count: int) -> list[tuple[Path, list[Path]]]:
    """``count`` distinct submissions: a plan and two evidence scans each."""
    inputs = []
    for i in range(count):
        sub = folder / f"s{i:03d}"
        sub.mkdir()
        plan = write_plan(sub, year=2023)
        plan.write_text(plan.read_text(encoding="utf-8") + f"\n(Bản số {i})\n", encoding="utf-8")
        scans = [write_evidence(sub, f"qd-{j}.png", number=f"{i + 10}/QĐ-THCS{j}") for j in (1, 2)]
        inputs.append((plan, scans))
    return inputs


def school_tokens(url: str, count: int) -> list[str]:
    """One school account with an API token per submission, as ``cchc account`` makes them."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            tokens = []
            for index in range(count):
                code = f"BENCH{index:03d}"
                account = accounts.create_account(
                    session, code.lower(), "school", code, accounts.new_password()
                )
                tokens.append(accounts.issue_token(session, account, "bench").secret)
            session.commit()
            return tokens
    finally:
        engine.dispose()


def upload_all(
    service: Service, inputs: list[tuple[Path, list[Path]]], tokens: list[str], clients: int
) -> list[float]:
    """Upload every submission (by its school's token) from ``clients`` threads; the
    latency of each upload."""
    local = threading.local()
    base_url = str(service.client.base_url)

    def one(index: int) -> float:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base_url, timeout=60)
        plan, scans = inputs[index]
        files = multipart(plan, scans)
        form = {"kind": "plan", "year": "2023"}
        auth = {"Authorization": f"Bearer {tokens[index]}"}
        started = time.perf_counter()
        response = local.client.post("/submissions", data=form, files=files, headers=auth)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        return elapsed

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(len(inputs))))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@contextmanager
def fresh_database(kind: str, root: Path) -> Iterator[str]:
    """The URL of an empty, migrated database of ``kind``, dropped afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{root / 'cchc.sqlite3'}"
        upgrade(url)
        yield url
        return
    with fresh_postgres("cchc_bench") as url:
        yield url


def run(
    workers: int, inputs: list[tuple[Path, list[Path]]], clients: int, database: str
) -> dict[str, Any]:
    """One measurement on a fresh database and Redis with ``workers`` worker processes."""
    with (
        tempfile.TemporaryDirectory(prefix=f"cchc-bench-{workers}w-") as tmp,
        fresh_database(database, Path(tmp)) as url,
    ):
        root = Path(tmp)
        tokens = school_tokens(url, len(inputs))
        redis = RedisServer(root)
        redis.start()
        service = Service.deployed(url, redis.url, root)
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        try:
            service.start_api()
            latencies = upload_all(service, inputs, tokens, clients)
            service.start_workers(workers)

            def all_done() -> bool:
                with sessions() as session:
                    done = session.scalar(
                        select(func.count()).select_from(Version).where(Version.state == "done")
                    )
                return done == len(inputs)

            wait_until(all_done, 3600, "every submission to be checked", step=1.0)
            with sessions() as session:
                versions = list(session.scalars(select(Version)))
        finally:
            service.stop()
            engine.dispose()
            redis.stop()
    first = min(v.started_at for v in versions if v.started_at)
    last = max(v.finished_at for v in versions if v.finished_at)
    busy = [(v.finished_at - v.started_at).total_seconds() for v in versions]  # type: ignore[operator]
    return {
        "workers": workers,
        "submissions": len(inputs),
        "seconds": (last - first).total_seconds(),
        "per_second": len(inputs) / (last - first).total_seconds(),
        "task_seconds_mean": statistics.fmean(busy),
        "task_seconds_median": statistics.median(busy),
        "upload_p50_ms": 1000 * percentile(latencies, 0.50),
        "upload_p99_ms": 1000 * percentile(latencies, 0.99),
        # other processes on the machine skew the ratio: a 1-minute load above the worker
        # count at the end of a run means the workers did not have the cores to themselves
        "load_average_1min": os.getloadavg()[0],
    }


def direct(inputs: list[tuple[Path, list[Path]]]) -> float:
    """Mean seconds of ``check_document`` on the same files, in this process."""
    times = []
    for plan, scans in inputs:
        started = time.perf_counter()
        check_document(plan, scans, CheckOptions(kind=DocKind.PLAN, year=2023))
        times.append(time.perf_counter() - started)
    return statistics.fmean(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--direct", type=int, default=10, help="submissions checked directly")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-in-") as tmp:
        inputs = make_inputs(Path(tmp), args.submissions)
        # the machine's load drifts: time the direct checks before and after the service runs
        before = direct(inputs[: args.direct])
        one = run(1, inputs, args.clients, args.database)
        two = run(2, inputs, args.clients, args.database)
        direct_seconds = (before + direct(inputs[: args.direct])) / 2
    service_seconds = 1 / one["per_second"]
    report = {
        "database": args.database,
        "one_worker": one,
        "two_workers": two,
        "ratio": two["per_second"] / one["per_second"],
        "direct_check_seconds": direct_seconds,
        "service_seconds_per_submission": service_seconds,
        "overhead": service_seconds / direct_seconds - 1,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))
    print(
        f"{args.database}: throughput {one['per_second']:.2f}/s (1 worker), "
        f"{two['per_second']:.2f}/s (2), "
        f"ratio {report['ratio']:.2f} (goal ≥ 1.7); upload p50 {one['upload_p50_ms']:.0f} ms, "
        f"p99 {one['upload_p99_ms']:.0f} ms ({args.clients} clients); overhead "
        f"{100 * report['overhead']:.1f} % over check_document (goal < 10 %)"
    )


if __name__ == "__main__":
    main()
