"""Where each page of the load benchmark spends its time, one request at a time, in process.

    .venv/bin/python benchmarks/profile_pages.py \
        --database-url postgres://postgres@127.0.0.1:5432/lfs_bench [--only student] [--sql 3]

For every page of benchmarks/load.py (the same pages, opened by one person of every role of
the first seeded organization, signed in with force_login; no page cache) it runs --repeat
requests after one warm-up and prints a table: median wall ms (steadier than the mean on a
shared machine), of which SQL ms, number of queries, and the rest (Python: views, selectors,
templates, middleware).
"cpu ms" is the Django process's own CPU time for the request (time.process_time: what the
request costs the server's cores, steady even when other work shares the machine, unlike wall
time; PostgreSQL's share is not in it).
--sql N also prints each page's N slowest statements, and --cprofile NAME prints the top
functions (--lines, 45 by default) of the page whose name contains NAME (--sort tottime: by
each function's own time).
Needs a database seeded by `manage.py seed_bulk` (benchmarks/load.py seeds one).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sql", type=int, default=0, help="print the N slowest statements")
    parser.add_argument("--cprofile", default="", help="profile the page whose name has this")
    parser.add_argument("--lines", type=int, default=45, help="functions --cprofile prints")
    parser.add_argument(
        "--sort", default="cumulative", help="--cprofile's order: cumulative or tottime (own time)"
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        raise SystemExit("--database-url (a database seeded by seed_bulk) is required")

    import load

    os.environ.update(load._env(args.database_url))
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from benchmarks.people import ORGANIZATION_ORDER, Page, board_path, discover
    from methods.models import Workshop
    from organizations.models import User

    # The first person of every role (the unit, then the first organization's people).
    first = {}
    for person in discover(1 + len(ORGANIZATION_ORDER)):
        first.setdefault(person.role, person)
    pages: list[tuple[Page, str]] = []
    for role, person in first.items():
        mine = list(person.pages)
        if person.workshop:
            version = Workshop.objects.get(pk=person.workshop).version
            mine += [
                Page(load.POLL, board_path(person.workshop, version), (204,)),
                Page(load.REDRAWN, board_path(person.workshop, 0)),
            ]
        pages += [(page, role) for page in mine if args.only in page.name]
    clients: dict[str, Client] = {}
    for role in {role for _page, role in pages}:
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(email=first[role].email))

    connection.force_debug_cursor = True
    print(f"| {'page':<38} | wall ms | sql ms | queries | python ms | cpu ms |")
    print(f"|{'-' * 40}|---------|--------|---------|-----------|--------|")
    slow: dict[str, list] = {}
    for page, role in pages:
        client = clients[role]
        response = client.get(page.path)  # warm-up
        if response.status_code not in page.expect:
            print(f"| {page.name:<38} | HTTP {response.status_code}")
            continue
        walls, cpus, sqls, counts = [], [], [], []
        for _ in range(args.repeat):
            reset_queries()
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(page.path)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            queries = connection.queries
            sqls.append(sum(float(q["time"]) for q in queries))
            counts.append(len(queries))
        slow[page.name] = sorted(queries, key=lambda q: -float(q["time"]))[: args.sql]
        wall, sql = statistics.median(walls) * 1000, statistics.median(sqls) * 1000
        cpu = statistics.median(cpus) * 1000
        print(
            f"| {page.name:<38} | {wall:7.1f} | {sql:6.1f} | {counts[-1]:7d} | {wall - sql:9.1f} "
            f"| {cpu:6.1f} |",
            flush=True,
        )
    if args.sql:
        for name, queries in slow.items():
            print(f"\n## {name}")
            for q in queries:
                print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")
    if args.cprofile:
        page, role = next((p, r) for p, r in pages if args.cprofile in p.name)
        connection.force_debug_cursor = False
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            clients[role].get(page.path)
        profiler.disable()
        print(f"\n## cProfile: {page.name} x {args.repeat}")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
