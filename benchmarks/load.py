"""Load benchmark: the main pages of every role and the workshop poll, against gunicorn and
PostgreSQL, at 10, 50 and 100 concurrent users; each page as a fraction of the ceiling.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/load.py \
        --database-url postgres://postgres@127.0.0.1:5432/lfs_bench \
        --organizations 50 --stories 10000 --users 10,50,100 --seconds 5 --latency-seconds 10

What it does, in order:
1. migrates the benchmark database and seeds it with `manage.py seed_bulk` at the size given
   (skipped when it already holds that seed; --reseed replaces it);
2. starts gunicorn (gthread workers sized for the machine: --workers, --threads) on 127.0.0.1
   with BENCHMARK_VIEWS=true, which adds /bench/ceiling/: the whole middleware stack and no
   database work, the ceiling every page is compared with; and with the page cache on Redis
   (--cache-url, redis://127.0.0.1:6379/6 by default; "" runs without it), as in production:
   nothing is written during a run, so the cached pages are measured with their content in the
   cache (profile_pages.py --cache-url "" gives what rendering them costs): a story's
   documentation pages as the reader's own encrypted copy, and the workshop board after a
   change drawn for each request from the rows every participant shares (in the cache: what
   every reader but the first after a change gets) and the reader's own dots;
3. signs in one person of every role of the first organization through the login form (the
   session cookies are obtained once and shared by that role's simulated users);
4. for each number of users, two runs over every page (asyncio + httpx, one keep-alive
   connection per simulated user):
   - capacity: each user asks again as soon as it has its answer (no pause) for --seconds;
     the requests/s a page sustains, as a fraction of the trivial view's (the ceiling, taken
     before and after the pages at that level, the higher of the two), requested by a
     signed-in person like every page (the target) and by an anonymous visitor (shown too);
   - latency: each user is a person who pauses --think seconds (1-2 by default, drawn at
     random) between pages, and the workshop poll asks every 1 s as the browser does, for
     --latency-seconds; the p50/p95/p99 people see with that many of them on the server.
   It prints both tables: page, users, requests/s, p50/p95/p99 ms, errors, and (capacity run)
   the fraction of the ceiling.

Targets on the 2-core machine: p95 < 200 ms at 50 users for every page (latency run: with no
pause at all, 50 users keep 50 requests in flight, and by Little's law a mean under 200 ms
would need every page to sustain over 250 requests/s, near what the trivial view itself does
on 2 cores with the load generator beside it), no errors in either run, every page's capacity
at least a third of the ceiling. The exit code is 1 when a target is missed (--no-fail: 0).
Every request goes to 127.0.0.1 only; every run is bounded by its seconds per cell.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/lfs_bench"
ROLES = ["director", "committee", "staff", "student", "companion", "unit"]

#: The two ceilings: the trivial view for an anonymous visitor, and for a signed-in person (the
#: session and the user are read, as for every page in the table; the target is judged on it).
ANONYMOUS, SIGNED_IN = "ceiling (trivial view)", "ceiling, signed in (trivial view)"


@dataclass
class Page:
    name: str
    role: str | None  # None: anonymous (the ceiling)
    path: str
    expect: tuple[int, ...] = (200,)
    # Seconds between one answer and the next request in the latency run: None for a person
    # reading the page (--think), a number for a page that polls (the workshop board's 1 s).
    interval: float | None = None


@dataclass
class Cell:
    page: Page
    users: int
    seconds: float
    think: tuple[float, float] | None = None  # None: closed loop, no pause (capacity)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(q * len(data)))] * 1000


#: The shared cache of the benchmarked server (rendered page content): Redis, as in production.
DEFAULT_CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")


def _env(database_url: str, cache_url: str = DEFAULT_CACHE_URL) -> dict[str, str]:
    """The server's environment; cache_url "" runs it without the page cache."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lfs_site.settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_PLAIN_STATIC": "true",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BENCHMARK_VIEWS": "true",
            "DJANGO_LOG_LEVEL": "WARNING",
            "CELERY_BROKER_URL": "",  # pages only; nothing is queued
            "CACHE_URL": cache_url,
            "LFS_PAGE_CACHE": "true" if cache_url else "false",
            # A benchmark signs in a handful of people many times over a long run.
            "DJANGO_SESSION_IDLE_SECONDS": "7200",
            "LOGIN_FAILURE_IP_LIMIT": "1000",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(args, env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    _manage(env, "migrate", "--noinput", "-v0")
    django.setup()
    from organizations import bulk
    from stories.models import SuccessStory

    seeded = bulk.existing_count()
    stories = SuccessStory.objects.filter(
        program__organization__slug__startswith=bulk.SLUG_PREFIX
    ).count()
    if args.reseed or seeded != args.organizations or stories != args.stories:
        print(f"Seeding {args.organizations} organizations, {args.stories} stories...")
        seed_args = [f"--organizations={args.organizations}", f"--stories={args.stories}"]
        _manage(env, "seed_bulk", *seed_args, f"--seed={args.seed}", "--clear")
    else:
        print(f"Using the seeded data already there ({seeded} organizations, {stories} stories).")


def discover_pages() -> list[Page]:
    """The URLs of organization 1's data, for the pages each role lives on."""
    from django.urls import reverse

    from methods.models import LearningQuestion, Workshop
    from organizations import bulk
    from organizations.models import Meeting, Program, User
    from publications.models import StoryBook
    from stories.models import Interview, StoryAssignment, StoryDraft, SuccessStory

    org = bulk.org_slug(1)
    main = Program.objects.filter(organization__slug=org).order_by("starts_on").first()
    student = User.objects.get(email=bulk.email(1, "student"))
    story = SuccessStory.objects.filter(program=main, status="selected").order_by("pk").first()
    doc_story = (
        StoryAssignment.objects.filter(student=student, story__program=main)
        .order_by("story_id")
        .values_list("story_id", flat=True)
        .first()
    )
    interview = Interview.objects.filter(story_id=doc_story).order_by("pk").first()
    draft = StoryDraft.objects.filter(story_id=doc_story).order_by("-version").first()
    workshop = Workshop.objects.filter(program=main, status="open").first()
    closed = Workshop.objects.filter(program=main, status="closed").order_by("pk").first()
    lq = LearningQuestion.objects.filter(program=main).first()
    meeting = Meeting.objects.filter(program=main, kind="selection").first()
    book = StoryBook.objects.filter(program__organization__slug=org).first()
    p = main.pk
    pages = [
        Page(ANONYMOUS, None, reverse("bench_ceiling")),
        Page(SIGNED_IN, "student", reverse("bench_ceiling")),
        Page("healthz (SELECT 1)", None, reverse("healthz")),
        Page("director: home", "director", reverse("home")),
        Page("director: program dashboard", "director", reverse("program_dashboard", args=[p])),
        Page("director: nominations", "director", reverse("nominations", args=[p])),
        Page("director: documentation", "director", reverse("documentation_overview", args=[p])),
        Page("director: principles", "director", reverse("program_principles", args=[p])),
        Page("director: principle matrix", "director", reverse("principle_matrix", args=[p])),
        Page("committee: home", "committee", reverse("home")),
        Page("committee: nominations", "committee", reverse("nominations", args=[p])),
        Page("committee: coverage", "committee", reverse("coverage", args=[p])),
        Page("committee: story", "committee", reverse("story_detail", args=[story.pk])),
        Page("committee: meeting", "committee", reverse("meeting_detail", args=[meeting.pk])),
        Page("staff: home", "staff", reverse("home")),
        Page("staff: own nominations", "staff", reverse("nominations", args=[p])),
        Page("student: home", "student", reverse("home")),
        Page(
            "student: story documentation",
            "student",
            reverse("story_documentation", args=[doc_story]),
        ),
        Page("student: interview", "student", reverse("interview_detail", args=[interview.pk])),
        Page("student: draft", "student", reverse("draft_detail", args=[draft.pk])),
        Page("companion: workshops", "companion", reverse("workshops", args=[p])),
        Page(
            "companion: workshop summary",
            "companion",
            reverse("workshop_summary", args=[closed.pk]),
        ),
        Page(
            "companion: learning question",
            "companion",
            reverse("learning_question_detail", args=[lq.pk]),
        ),
        Page("companion: learning log", "companion", reverse("learning_log", args=[p])),
        Page("unit: dashboard", "unit", reverse("unit_dashboard")),
        Page("unit: companions", "unit", reverse("companion_list")),
        Page(
            "student: workshop poll (unchanged)",
            "student",
            f"{reverse('workshop_board', args=[workshop.pk])}?v={workshop.version}",
            (204,),
            interval=1.0,
        ),
        Page(
            "student: workshop board (changed)",
            "student",
            f"{reverse('workshop_board', args=[workshop.pk])}?v=0",
        ),
    ]
    if book is not None:
        pages.insert(8, Page("director: book", "director", reverse("book_detail", args=[book.pk])))
    return pages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(args, env: dict[str, str], port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "lfs_site.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--worker-class", "gthread",
        "--workers", str(args.workers),
        "--threads", str(args.threads),
        "--backlog", "2048",
        "--timeout", "60",
        "--keep-alive", "75",
        "--log-level", "warning",
    ]  # fmt: skip
    log = open(args.server_log, "w")  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {args.server_log}")
        try:
            with socket.create_connection(("127.0.0.1", port), 1):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


async def log_in(base: str, role: str) -> dict[str, str]:
    """The session cookie of the first organization's person in `role`, via the login form
    (benchmarks/signin.py, shared with workshop_load.py)."""
    from benchmarks.signin import sign_in
    from organizations import bulk

    who = bulk.UNIT_EMAIL if role == "unit" else bulk.email(1, role)
    cookies = await asyncio.to_thread(sign_in, base, who, bulk.BULK_PASSWORD)
    return {"sessionid": cookies["sessionid"]}


async def run_cell(base: str, page: Page, users: int, seconds: float, cookies, think=None) -> Cell:
    """`users` simulated people on one page for `seconds`. Without `think` each asks again as
    soon as it has its answer (the page's capacity); with `think` (low, high) each pauses a
    random time in that range after every answer (the page's own interval for a poll), like a
    person reading, and the cell measures the latency people see at that many users."""
    import random

    import httpx

    from benchmarks.signin import login_redirect

    cell = Cell(page, users, seconds, think)
    rng = random.Random(users)  # noqa: S311 - pauses, not secrets
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, timeout=60, limits=limits, follow_redirects=False
    ) as client:
        # Warm-up: every connection opened and every worker's code paths hot.
        await asyncio.gather(
            *(client.get(page.path) for _ in range(min(users, 10))), return_exceptions=True
        )
        stop_at = time.monotonic() + seconds

        async def user() -> None:
            if think:  # people arrive spread over one pause, not all in the same instant
                await asyncio.sleep(rng.uniform(0, think[1]))
            while time.monotonic() < stop_at:
                t0 = time.perf_counter()
                try:
                    response = await client.get(page.path)
                    ok = response.status_code in page.expect
                    detail = f"HTTP {response.status_code}"
                    if login_redirect(response.status_code, response.headers.get("location")):
                        detail += " to the login page (signed out)"
                except httpx.HTTPError as exc:
                    ok, detail = False, type(exc).__name__
                if ok:
                    cell.latencies.append(time.perf_counter() - t0)
                else:
                    cell.errors += 1
                    if len(cell.error_samples) < 3:
                        cell.error_samples.append(detail)
                if think:
                    await asyncio.sleep(rng.uniform(*think))

        started = time.monotonic()
        await asyncio.gather(*(user() for _ in range(users)))
        cell.seconds = time.monotonic() - started
    return cell


def print_table(cells: list[Cell], ceilings: dict, out, title: str = "") -> None:
    if title:
        print(f"\n{title}\n", file=out)
    header = (
        f"| {'page':<38} | users | req/s  | p50 ms | p95 ms | p99 ms | errors "
        "| of ceiling (signed in) | of ceiling (anonymous) |"
    )
    print(header, file=out)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|", file=out)
    for c in cells:
        shares = []
        for kind, width in ((SIGNED_IN, 22), (ANONYMOUS, 22)):
            ceiling = ceilings.get((c.users, kind)) or float("nan")
            shares.append(f"{c.rps / ceiling:>{width}.2f}" if c.think is None else " " * width)
        print(
            f"| {c.page.name:<38} | {c.users:>5} | {c.rps:>6.1f} | {c.pct(0.5):>6.0f} | "
            f"{c.pct(0.95):>6.0f} | {c.pct(0.99):>6.0f} | {c.errors:>6} | {shares[0]} "
            f"| {shares[1]} |",
            file=out,
        )


def check_targets(capacity: list[Cell], latency: list[Cell], ceilings: dict) -> list[str]:
    """Zero errors everywhere; p95 < 200 ms at 50 people (latency run); every page's capacity
    at least a third of the trivial view's at the same number of users (capacity run)."""
    missed = []
    for c in capacity + latency:
        if c.page.role is not None and c.errors:
            missed.append(f"{c.page.name} at {c.users} users: {c.errors} errors {c.error_samples}")
    for c in latency:
        if c.page.name.startswith("ceiling"):
            continue
        if c.users == 50 and c.pct(0.95) >= 200:
            missed.append(f"{c.page.name} at 50 users: p95 {c.pct(0.95):.0f} ms >= 200 ms")
    for c in capacity:
        if c.page.name.startswith("ceiling") or c.page.role is None:
            continue
        ceiling = ceilings.get((c.users, SIGNED_IN))
        if ceiling and c.rps < ceiling / 3:
            missed.append(
                f"{c.page.name} at {c.users} users: {c.rps:.0f} req/s, "
                f"below a third of the signed-in ceiling ({ceiling:.0f})"
            )
    return missed


async def main_async(args, pages: list[Page], base: str):
    roles = sorted({p.role for p in pages if p.role})
    cookies = {}
    for role in roles:
        cookies[role] = await log_in(base, role)
    capacity, latency, ceilings = [], [], {}
    for users in args.users:
        if args.capacity_seconds > 0:
            for page in pages:
                cell = await run_cell(
                    base, page, users, args.capacity_seconds, cookies.get(page.role)
                )
                capacity.append(cell)
                if page.name in (ANONYMOUS, SIGNED_IN):
                    ceilings[users, page.name] = cell.rps
                print(
                    f"  capacity {page.name:<38} {users:>4} users: {cell.rps:7.1f} req/s, "
                    f"p95 {cell.pct(0.95):6.0f} ms, {cell.errors} errors",
                    flush=True,
                )
            # The ceiling again after the pages; the higher of the two counts (the machine's
            # own noise must not make the pages look better than they are).
            for k, cell in enumerate(capacity):
                if cell.users != users or cell.page.name not in (ANONYMOUS, SIGNED_IN):
                    continue
                again = await run_cell(
                    base, cell.page, users, args.capacity_seconds, cookies.get(cell.page.role)
                )
                print(f"  capacity {cell.page.name:<38} {users:>4} users, again: {again.rps:7.1f}")
                if again.rps > cell.rps:
                    capacity[k] = again
                    ceilings[users, cell.page.name] = again.rps
        if args.latency_seconds > 0:
            for page in pages:
                think = (page.interval, page.interval) if page.interval else args.think
                cell = await run_cell(
                    base, page, users, args.latency_seconds, cookies.get(page.role), think
                )
                latency.append(cell)
                print(
                    f"  latency  {page.name:<38} {users:>4} users: {cell.rps:7.1f} req/s, "
                    f"p95 {cell.pct(0.95):6.0f} ms, {cell.errors} errors",
                    flush=True,
                )
    return capacity, latency, ceilings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--users", default="10,50,100", help="comma-separated levels")
    parser.add_argument(
        "--seconds",
        "--capacity-seconds",
        dest="capacity_seconds",
        type=float,
        default=5.0,
        help="capacity run, per page and level (0: skip it)",
    )
    parser.add_argument(
        "--latency-seconds",
        type=float,
        default=10.0,
        help="latency run (people pausing between pages), per page and level (0: skip it)",
    )
    parser.add_argument(
        "--think",
        default="1,2",
        help="a person's pause between pages in the latency run: low,high seconds",
    )
    cores = os.cpu_count() or 2
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", cores + 1))
    )
    parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", 4)))
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--only", default="", help="run only pages whose name contains this")
    parser.add_argument(
        "--cache-url",
        default=DEFAULT_CACHE_URL,
        help='the shared cache (Redis) for the page cache; "" runs without it',
    )
    parser.add_argument(
        "--server-log", default=os.path.join(tempfile.gettempdir(), "lfs-bench-gunicorn.log")
    )
    parser.add_argument("--markdown", default="", help="also write the table to this file")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if targets are missed")
    args = parser.parse_args(argv)
    args.users = [int(u) for u in args.users.split(",") if u.strip()]
    low, high = (float(x) for x in args.think.split(","))
    args.think = (low, high)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the load benchmark runs against PostgreSQL (--database-url)")

    env = _env(args.database_url, args.cache_url)
    prepare_database(args, env)
    pages = discover_pages()
    if args.only:
        pages = [p for p in pages if p.name.startswith("ceiling") or args.only in p.name]
    port = args.port or _free_port()
    server = start_gunicorn(args, env, port)
    try:
        started = time.monotonic()
        print(
            f"gunicorn: {args.workers} gthread workers x {args.threads} threads on port {port};"
            f" {len(pages)} pages x {len(args.users)} levels x ({args.capacity_seconds:g} s"
            f" capacity + {args.latency_seconds:g} s latency, pauses {low:g}-{high:g} s)"
        )
        capacity, latency, ceilings = asyncio.run(
            main_async(args, pages, f"http://127.0.0.1:{port}")
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    titles = (
        "Capacity: each user asks again as soon as it has its answer (no pause).",
        f"Latency: each person pauses {low:g}-{high:g} s between pages (the poll: its 1 s).",
    )
    outputs = [sys.stdout]
    if args.markdown:
        outputs.append(open(args.markdown, "w"))  # noqa: SIM115 - closed below
    for out in outputs:
        if capacity:
            print_table(capacity, ceilings, out, titles[0])
        if latency:
            print_table(latency, ceilings, out, titles[1])
    if args.markdown:
        outputs[1].close()
    missed = check_targets(capacity, latency, ceilings)
    cells = len(capacity) + len(latency)
    print(f"\n{cells} cells in {time.monotonic() - started:.0f} s.")
    if missed:
        print(f"Targets missed ({len(missed)}):\n  " + "\n  ".join(missed))
    else:
        print("Every target met.")
    return 1 if missed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
