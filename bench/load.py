"""A bounded load run with faults: nothing lost, each upload checked exactly once, no 5xx.

Run: ``.venv/bin/python -m bench.load [--uploads 500] [--clients 20] [--schools 50]``.

The real service on loopback: the API (``cchc serve``) and two Celery workers (one pool
process each) on a private redis-server and a fresh PostgreSQL database. ``--clients``
concurrent httpx clients (asyncio) upload a mix made by ``corpus/``: plans and reports
that pass or are returned (``corpus.build``, PDF and DOCX), every hostile file of
``corpus.hostile`` (as the document or as evidence), and some plans with an evidence scan.
Each school has its own account and API token (made as ``cchc account add`` / ``token``
make them) and uploads at most a few documents a minute, under the rate limit. During the
uploads one worker is killed with SIGKILL (its whole process group; a new one starts, as a
supervisor would) and Redis is restarted (it keeps no data, so the waiting tasks are lost).

Then, from the database: every accepted upload has one version, every version ends
``done`` or ``failed`` (none stuck queued or started), no version has more than one result,
and every ``done`` version has one. Printed: status codes, upload latency p50/p99 overall
and for uploads that overlapped a fault against the others (a ratio in the same run), the
total time, and how many versions needed a second attempt. Exit status 1 if an invariant
fails. Results go to ``bench/out/load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from sqlalchemy import func, select

from bench.service import percentile, school_tokens
from corpus.build import build
from corpus.hostile import HOSTILE_FILES
from tests.service.infra import RedisServer, Service, fresh_postgres, wait_until
from tests.service.samples import write_evidence, write_plan
from validator.store.db import make_engine, make_sessionmaker
from validator.store.models import Result, Version

OUT = Path(__file__).resolve().parent / "out" / "load.json"
FIRST_YEAR = 2016  # each school's n-th upload declares year FIRST_YEAR + n (no 409)
CORPUS_DOCUMENTS = 24
SCAN_SHARE = 20  # one upload in this many carries an evidence scan (OCR is the slow part)
KILL_AT, REDIS_AT = 0.3, 0.6  # share of uploads answered before each fault
FAULT_WINDOW_SECONDS = 5.0  # an upload started this close to a fault overlapped it


@dataclass(frozen=True)
class Item:
    """One upload's files and declared metadata (the year is set per school)."""

    label: str  # "pass", "return" or "hostile"
    document: tuple[str, bytes]
    evidence: tuple[tuple[str, bytes], ...]
    kind: str
    period: str | None


@dataclass
class Outcome:
    status: int
    seconds: float
    started: float  # monotonic
    detail: str  # the answer's body (or the client's error) when it is not 202


@dataclass
class Faults:
    """When each fault happened (monotonic seconds)."""

    moments: list[tuple[str, float]] = field(default_factory=list)

    def near(self, moment: float) -> bool:
        return any(abs(moment - at) < FAULT_WINDOW_SECONDS for _, at in self.moments)


def read(path: Path) -> tuple[str, bytes]:
    return path.name, path.read_bytes()


def make_items(folder: Path, seed: int) -> list[Item]:
    """The distinct uploads the run cycles through: corpus documents, hostile files, and a
    plan with a scan."""
    items = []
    for truth in build(folder / "corpus", CORPUS_DOCUMENTS, seed):
        period = str(truth.options.get("period", "q1")) if truth.kind == "report" else None
        document = read(folder / "corpus" / truth.file)
        items.append(Item(truth.decision, document, (), truth.kind, period))
    plan = read(write_plan(folder))
    hostile = folder / "hostile"
    hostile.mkdir()
    for spec in HOSTILE_FILES:
        content = read(spec.write(hostile / spec.name))
        if spec.role == "document":
            items.append(Item("hostile", content, (), "plan", None))
        else:
            items.append(Item("hostile", plan, (content,), "plan", None))
    scan = read(write_evidence(folder, "qd-1.png"))
    items.append(Item("scan", plan, (scan,), "plan", None))
    return items


def schedule(items: list[Item], uploads: int) -> list[Item]:
    """``uploads`` items: every ``SCAN_SHARE``-th the plan with a scan, the rest in turn."""
    plain = [i for i in items if i.label != "scan"]
    scan = next(i for i in items if i.label == "scan")
    return [scan if n % SCAN_SHARE == 0 else plain[n % len(plain)] for n in range(uploads)]


async def upload(
    client: httpx.AsyncClient, item: Item, token: str, year: int, gate: asyncio.Semaphore
) -> Outcome:
    form = {"kind": item.kind, "year": str(year)}
    if item.period:
        form["period"] = item.period
    files = [("document", item.document)] + [("evidence", e) for e in item.evidence]
    async with gate:
        started = time.monotonic()
        try:
            response = await client.post(
                "/submissions",
                data=form,
                files=files,
                headers={"Authorization": f"Bearer {token}"},
            )
            status, detail = response.status_code, response.text[:300]
        except httpx.HTTPError as exc:
            status, detail = 0, repr(exc)  # no answer at all: counted, never hidden
        return Outcome(status, time.monotonic() - started, started, "" if status == 202 else detail)


def kill_a_worker(service: Service) -> None:
    """SIGKILL one worker's whole process group (parent and pool), then start another."""
    victim = service.workers[0]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    service.start_workers(1)


def restart_redis(redis: RedisServer) -> None:
    redis.stop()
    time.sleep(1.0)  # uploads meanwhile find no broker: stored, sent by the sweeper
    redis.start()


async def run_uploads(
    service: Service, redis: RedisServer, plan: list[Item], tokens: list[str], clients: int
) -> tuple[list[Outcome], Faults]:
    """Upload everything from ``clients`` concurrent clients; the faults fire on progress."""
    faults = Faults()
    gate = asyncio.Semaphore(clients)
    answered = 0
    pending_faults = [
        (KILL_AT, "worker_killed", lambda: kill_a_worker(service)),
        (REDIS_AT, "redis_restarted", lambda: restart_redis(redis)),
    ]
    fault_tasks: list[asyncio.Task[None]] = []

    async def fire(name: str, action: Any) -> None:
        faults.moments.append((name, time.monotonic()))
        await asyncio.to_thread(action)

    async def one(n: int, item: Item, client: httpx.AsyncClient) -> Outcome:
        nonlocal answered
        school = n % len(tokens)
        outcome = await upload(client, item, tokens[school], FIRST_YEAR + n // len(tokens), gate)
        answered += 1
        while pending_faults and answered >= pending_faults[0][0] * len(plan):
            _, name, action = pending_faults.pop(0)
            fault_tasks.append(asyncio.create_task(fire(name, action)))
        return outcome

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(
        base_url=str(service.client.base_url), timeout=120, limits=limits
    ) as client:
        outcomes = await asyncio.gather(*(one(n, item, client) for n, item in enumerate(plan)))
    await asyncio.gather(*fault_tasks)
    return list(outcomes), faults


def final_states(url: str, expected: int, timeout: float) -> dict[str, Any]:
    """Wait until every version is done or failed, then check the invariants."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)

    def unfinished() -> int:
        with sessions() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(Version)
                    .where(Version.state.in_(("queued", "started")))
                )
                or 0
            )

    try:
        wait_until(lambda: unfinished() == 0, timeout, "every version to finish", step=1.0)
        with sessions() as session:
            states = Counter(session.scalars(select(Version.state)))
            per_version = Counter(session.scalars(select(Result.version_id)))
            versions = list(session.scalars(select(Version)))
    finally:
        engine.dispose()
    done = [v for v in versions if v.state == "done"]
    return {
        "versions": len(versions),
        "expected_versions": expected,
        "states": dict(states),
        "versions_with_two_results": sum(1 for c in per_version.values() if c > 1),
        "done_without_result": sum(1 for v in done if per_version[v.id] != 1),
        "attempts": dict(Counter(v.attempts for v in versions)),
        "failed_errors": sorted({v.error or "" for v in versions if v.state == "failed"}),
    }


def latency(outcomes: list[Outcome]) -> dict[str, float]:
    seconds = [o.seconds for o in outcomes] or [0.0]
    return {
        "count": len(outcomes),
        "p50_ms": 1000 * percentile(seconds, 0.50),
        "p99_ms": 1000 * percentile(seconds, 0.99),
    }


def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    items = make_items(root / "inputs", args.seed)
    plan = schedule(items, args.uploads)
    redis = RedisServer(root)
    service: Service | None = None
    with fresh_postgres("cchc_load") as url:
        try:
            tokens = school_tokens(url, args.schools)
            redis.start()
            service = Service.deployed(
                url, redis.url, root,
                CCHC_SWEEP_INTERVAL_SECONDS="2",
                CCHC_STALE_AFTER_SECONDS=str(args.stale_after),
            )  # fmt: skip
            service.start_api()
            service.start_workers(2)
            started = time.monotonic()
            outcomes, faults = asyncio.run(run_uploads(service, redis, plan, tokens, args.clients))
            uploaded = time.monotonic() - started
            accepted = sum(1 for o in outcomes if o.status == 202)
            states = final_states(url, accepted, args.timeout)
            total = time.monotonic() - started
        finally:
            if service is not None:
                service.stop()
            redis.stop()
    zero = faults.moments[0][1] - started if faults.moments else 0.0
    overlapping = [o for o in outcomes if faults.near(o.started)]
    calm = [o for o in outcomes if not faults.near(o.started)]
    return {
        "uploads": len(outcomes),
        "clients": args.clients,
        "schools": args.schools,
        "mix": dict(Counter(item.label for item in plan)),
        "status_codes": dict(Counter(o.status for o in outcomes)),
        "not_accepted": sorted({f"{o.status} {o.detail}" for o in outcomes if o.status != 202}),
        "faults_at_seconds": {n: round(at - started, 2) for n, at in faults.moments},
        "first_fault_seconds": round(zero, 2),
        "latency_all": latency(outcomes),
        "latency_calm": latency(calm),
        "latency_during_faults": latency(overlapping),
        "upload_seconds": uploaded,
        "total_seconds": total,
        **states,
    }


def verdict(report: dict[str, Any]) -> list[str]:
    """The invariants that failed (empty: the run holds)."""
    problems = []
    codes = report["status_codes"]
    if any(int(code) >= 500 or int(code) == 0 for code in codes):
        problems.append(f"server errors or no answer: {codes}")
    if report["versions"] != report["expected_versions"]:
        problems.append(f"{report['versions']} versions for {report['expected_versions']} 202s")
    if set(report["states"]) - {"done", "failed"}:
        problems.append(f"versions not finished: {report['states']}")
    if report["versions_with_two_results"] or report["done_without_result"]:
        problems.append("a version has no result or more than one")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=500)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--stale-after", type=float, default=30.0, help="CCHC_STALE_AFTER_SECONDS")
    parser.add_argument("--timeout", type=float, default=1800.0, help="for all checks to end")
    parser.add_argument("--keep", action="store_true", help="keep the inputs and the logs")
    args = parser.parse_args()
    if args.keep:
        kept = tempfile.mkdtemp(prefix="cchc-load-")
        report = run(args, Path(kept))
        print(f"inputs and logs kept in {kept}")
    else:
        with tempfile.TemporaryDirectory(prefix="cchc-load-") as tmp:
            report = run(args, Path(tmp))
    problems = verdict(report)
    report["problems"] = problems
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    calm, hit = report["latency_calm"], report["latency_during_faults"]
    ratio = hit["p99_ms"] / calm["p99_ms"] if calm["p99_ms"] else float("nan")
    print(
        f"{report['uploads']} uploads, {args.clients} concurrent: codes {report['status_codes']}; "
        f"upload p50 {report['latency_all']['p50_ms']:.0f} ms, p99 "
        f"{report['latency_all']['p99_ms']:.0f} ms; p99 near a fault / calm = {ratio:.2f}; "
        f"states {report['states']}; uploads took {report['upload_seconds']:.1f} s, "
        f"all checked after {report['total_seconds']:.1f} s"
    )
    print(problems if problems else "OK: every upload reached a final state exactly once")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
