"""Render throughput: several story books rendered at once by two Celery worker processes
(real Redis and PostgreSQL), with worker recycling; pages per second and peak memory per worker.

    .venv/bin/python benchmarks/render_throughput.py \
        --database-url postgres://postgres@127.0.0.1:5432/lfs_bench \
        --broker redis://127.0.0.1:6379/5 --books 6 --stories 20 \
        [--max-tasks-per-child 2] [--max-memory-per-child 600000]

It builds --books throw-away books of --stories approved stories each (benchmarks/
render_book.py's builder), starts --workers `celery worker` processes (prefork pool, one pool
process each, recycling from LFS_WORKER_MAX_TASKS_PER_CHILD / _MAX_MEMORY_PER_CHILD as in
production), requests every render through the real service (sent to Redis on commit), and
samples the resident memory of every worker's processes four times a second until all renders
are done (bounded by --timeout). Prints per worker: books, pages, busy seconds, pages/second,
the peak RSS of one pool process, the peak RSS of the worker (main + pool) and how many pool
processes it went through (more than one: recycling replaced them). With
--max-tasks-per-child 0 recycling is off, for comparison.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE_KB
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return found


class Sampler(threading.Thread):
    """Peak RSS of each worker's pool processes and of the whole worker, 4 times a second."""

    def __init__(self, workers: dict[str, subprocess.Popen]) -> None:
        super().__init__(daemon=True)
        self.workers = workers
        self.peak_child: dict[str, int] = defaultdict(int)
        self.peak_total: dict[str, int] = defaultdict(int)
        self.children_seen: dict[str, set[int]] = defaultdict(set)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for name, process in self.workers.items():
                children = _children(process.pid)
                self.children_seen[name].update(children)
                sizes = [_rss_kb(c) for c in children]
                self.peak_child[name] = max([self.peak_child[name], *sizes])
                self.peak_total[name] = max(
                    self.peak_total[name], _rss_kb(process.pid) + sum(sizes)
                )
            self.stop.wait(0.25)


def start_worker(name: str, env: dict[str, str], queue: str, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - lives as long as the worker
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "lfs_site", "worker",
            "-P", "prefork", "-c", "1", "-Q", queue, "-n", f"{name}@%h",
            "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "info",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lfs_bench"
        ),
    )
    parser.add_argument(
        "--broker", default=os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/5"
    )
    parser.add_argument("--books", type=int, default=6)
    parser.add_argument("--stories", type=int, default=20, help="stories per book")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-tasks-per-child", type=int, default=2, help="0: no recycling")
    parser.add_argument("--max-memory-per-child", type=int, default=600_000, help="KiB; 0: none")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument(
        "--log-dir", default=os.path.join(tempfile.gettempdir(), "lfs-render-throughput")
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database-url must be PostgreSQL")
    if not args.broker.startswith(("redis://", "rediss://")):
        raise SystemExit("--broker must be Redis")

    queue = f"lfs-bench-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lfs_site.settings",
            "DATABASE_URL": args.database_url,
            "CELERY_BROKER_URL": args.broker,
            "CELERY_QUEUE": queue,
            "DJANGO_DEBUG": "false",
            "DJANGO_PLAIN_STATIC": "true",
            "DJANGO_LOG_LEVEL": "WARNING",
            "LFS_WORKER_MAX_TASKS_PER_CHILD": str(args.max_tasks_per_child),
            "LFS_WORKER_MAX_MEMORY_PER_CHILD": str(args.max_memory_per_child),
        }
    )
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    import django

    django.setup()
    from django.db import transaction
    from render_book import build

    from organizations.selectors import program_access
    from publications import services
    from publications.models import BookRender

    print(f"Building {args.books} books of {args.stories} stories...", flush=True)
    books = [build(args.stories) for _ in range(args.books)]

    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    workers = {
        f"bench{k + 1}": start_worker(f"bench{k + 1}", env, queue, log_dir)
        for k in range(args.workers)
    }
    sampler = Sampler(workers)
    sampler.start()
    try:
        time.sleep(3)  # let both workers connect before the first message
        started = time.monotonic()
        render_ids = []
        for book in books:
            director = book.created_by
            with transaction.atomic():
                render = services.request_render(
                    access=program_access(director, book.program), book=book, by=director
                )
            render_ids.append(render.pk)
        print(f"Requested {len(render_ids)} renders on queue {queue}.", flush=True)
        finished = {BookRender.Status.DONE, BookRender.Status.FAILED}
        while time.monotonic() - started < args.timeout:
            statuses = list(
                BookRender.objects.filter(pk__in=render_ids).values_list("status", flat=True)
            )
            if all(s in finished for s in statuses):
                break
            dead = [name for name, process in workers.items() if process.poll() is not None]
            if dead:
                raise SystemExit(f"worker {', '.join(dead)} exited; see its log in {log_dir}")
            time.sleep(0.5)
        wall = time.monotonic() - started
    finally:
        sampler.stop.set()
        sampler.join()
        for process in workers.values():
            process.terminate()
        for process in workers.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    renders = list(BookRender.objects.filter(pk__in=render_ids))
    per = defaultdict(lambda: {"books": 0, "pages": 0, "busy": 0.0})
    failed = [r for r in renders if r.status != BookRender.Status.DONE]
    for r in renders:
        if r.status != BookRender.Status.DONE:
            continue
        name = r.claimed_by.split("@", 1)[0]
        per[name]["books"] += 1
        per[name]["pages"] += r.pages or 0
        per[name]["busy"] += (r.finished_at - r.started_at).total_seconds()
    recycling = (
        f"max {args.max_tasks_per_child} tasks / {args.max_memory_per_child} KiB per child"
        if args.max_tasks_per_child or args.max_memory_per_child
        else "no recycling"
    )
    print(
        f"\n{len(renders)} books of {args.stories} stories, {args.workers} workers "
        f"({recycling}), {wall:.1f} s wall\n"
    )
    print(
        "| worker | books | pages | busy s | pages/s | peak RSS, one pool process | "
        "peak RSS, worker | pool processes |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for name in workers:
        row = per[name]
        rate = row["pages"] / row["busy"] if row["busy"] else 0.0
        print(
            f"| {name} | {row['books']} | {row['pages']} | {row['busy']:.1f} | {rate:.1f} | "
            f"{sampler.peak_child[name] / 1024:.0f} MB | {sampler.peak_total[name] / 1024:.0f} MB"
            f" | {len(sampler.children_seen[name])} |"
        )
    total_pages = sum(r.pages or 0 for r in renders)
    print(
        f"| all | {len(renders) - len(failed)} | {total_pages} | {wall:.1f} (wall) | "
        f"{total_pages / wall:.1f} | | | |"
    )
    if failed:
        print(
            f"\n{len(failed)} renders did not finish: {[(r.pk, r.status, r.error) for r in failed]}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
