"""Load benchmark: what people meet while a program is worked in, at a rising number of them,
against gunicorn and PostgreSQL, with no page cache and with writes going on.

    .venv/bin/pip install -e '.[bench]'
    createdb -h 127.0.0.1 -U postgres lfs_bench
    .venv/bin/python benchmarks/load.py \
        --database-url postgres://postgres@127.0.0.1:5432/lfs_bench \
        --organizations 50 --stories 10000 --reseed

What it does, in order:
1. migrates the benchmark database and seeds it with `manage.py seed_bulk` at the size given
   (skipped when it already holds that seed; --reseed replaces it, and with it what the writes
   of earlier runs left);
2. starts gunicorn (gthread workers sized for the machine: --workers, --threads) on 127.0.0.1,
   as the project runs (it keeps no page cache of any kind): every page is rendered
   for every request, as people meet it while rows change under them;
3. runs a ramp: 10, 25 and 50 people (--people), then --step more at a time up to --cap. Every
   person is a seeded user of their own (benchmarks/people.py: the unit, then organization by
   organization a program's director, committee members, students, companion and staff, four
   of every sixteen taking part in a live workshop), signed in through the login form
   (benchmarks/signin.py) into a session of their own, kept for the whole ramp. Before a
   person's first level each of their pages is opened once (not measured): a page that does
   not answer as it should stops the run, saying which. A level lasts --seconds, and goes on
   (up to --max-seconds) until every page was asked for --min-samples times: a director's
   pages, one director to sixteen people, are the rarest. During a level:
   - each person opens the pages of their role in their own organization's main program, one
     after another in their own order, pausing --think seconds (1-2 by default, drawn at
     random: a busy person) after each answer;
   - each workshop participant's board polls every second with the version it last drew, as
     the page's htmx does: 204 while nothing changed, the board redrawn (200) after a change;
   - writes go on at fixed rates whatever the number of people, sent as the pages' htmx sends
     them, each by a person of the role that makes it, through their own session, to their
     own rows: answer autosaves (--autosaves per second, 2 by default: students, in an
     interview of a story assigned to them), workshop contributions (--contributions, 1:
     participants, in their organization's open workshop, whose other participants' boards
     are then redrawn) and assessments (--assessments, 0.5: committee members, the program's
     nominees on each criterion). They are sent on schedule, evenly spaced, without waiting
     for earlier ones to be answered.
   The ramp stops at the first level where a page or a write has a p95 of --threshold-ms (200)
   or more, or where a request failed; else at --cap, or when the seed holds no more people.
4. prints, per level, every page and write: requests, p50/p95/p99 ms and errors; the writes
   asked for and achieved per second; every error by name; and the ramp's answer.

An error is any answer but the one the page gives a signed-in person (200; 204 for an unchanged
board; for a write, 200 with the write saved), or no answer at all: a redirect to the login page
(or an htmx 401) is named as signed out. Errors are counted and named, never timed.

Targets on the 2-core machine (10,000 stories): at 50 people, every page and write has a p95
under 200 ms and no request fails. The exit code is 1 when they are missed (--no-fail: 0).
Every request goes to 127.0.0.1 only; every level is bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import heapq
import itertools
import math
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.people import PARTICIPANT, Person  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/lfs_bench"

#: The writes: kind -> (the table's row, who sends it).
WRITES = {
    "autosave": ("write: answer autosave (student)", "student"),
    "contribution": ("write: workshop contribution (participant)", PARTICIPANT),
    "assessment": ("write: assessment (committee)", "committee"),
}
POLL = "participant: workshop poll (unchanged)"
REDRAWN = "participant: workshop board (redrawn)"
VERDICTS = ("met", "met", "unsure", "not_met")
#: One write of a level's plan: (seconds from the level's start, kind, who, their nth of it).
Write = tuple[float, str, Person, int]


# Results ------------------------------------------------------------------------------------


@dataclass
class Row:
    """One page or write at one level: the time of every answer that was the expected one, and
    the others by what they were."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def pct(self, q: float) -> float | None:
        """The q-quantile in ms (nearest rank), None when no answer was the expected one."""
        if not self.latencies:
            return None
        data = sorted(self.latencies)
        return data[max(0, math.ceil(q * len(data)) - 1)] * 1000


@dataclass
class Level:
    people: int
    roles: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    rows: dict[str, Row] = field(default_factory=dict)
    asked: dict[str, float] = field(default_factory=dict)  # write row -> writes asked per second

    def row(self, name: str) -> Row:
        return self.rows.setdefault(name, Row(name))

    def time(self, name: str, seconds: float) -> None:
        self.row(name).latencies.append(seconds)

    def fail(self, name: str, problem: str) -> None:
        self.row(name).errors[problem] += 1

    @property
    def errors(self) -> int:
        return sum(sum(r.errors.values()) for r in self.rows.values())

    def over(self, threshold_ms: float) -> list[Row]:
        """The pages and writes whose p95 is the threshold or more, slowest first."""
        rows = [r for r in self.rows.values() if (r.pct(0.95) or 0) >= threshold_ms]
        return sorted(rows, key=lambda r: -(r.pct(0.95) or 0))

    def achieved(self, name: str) -> float:
        """Writes saved per second."""
        row = self.rows.get(name)
        return len(row.latencies) / self.seconds if row and self.seconds else 0.0


@dataclass
class RampAnswer:
    levels: list[Level]
    threshold_ms: float
    stopped_at: int | None = None  # the level that ended the ramp, None: it reached the cap
    over: list[Row] = field(default_factory=list)  # what went over the threshold there
    reason: str = ""  # why the ramp ended

    def text(self) -> str:
        if self.stopped_at is None:
            last = self.levels[-1].people if self.levels else 0
            return (
                f"no page or write reached {self.threshold_ms:g} ms p95 up to {last} people "
                f"({self.reason or 'the cap'})"
            )
        below = [lv.people for lv in self.levels if lv.people < self.stopped_at]
        before = (
            f"; at {below[-1]} people every page and write was under it, without errors"
            if below
            else ""
        )
        if self.over:
            worst = ", ".join(f"{r.name} ({r.pct(0.95):.0f} ms)" for r in self.over)
            also = f", and {self.reason}" if self.reason else ""
            return (
                f"the first page or write over {self.threshold_ms:g} ms p95 came at "
                f"{self.stopped_at} people: {worst}{also}{before}"
            )
        return f"stopped at {self.stopped_at} people by errors ({self.reason}){before}"


# The ramp -----------------------------------------------------------------------------------


def ramp_levels(start: list[int], step: int, cap: int) -> list[int]:
    """The levels of the ramp: `start`, then `step` more people at a time, up to `cap`."""
    levels = sorted({n for n in start if 0 < n <= cap})
    n = levels[-1] if levels else 0
    while step > 0 and n + step <= cap:
        n += step
        levels.append(n)
    return levels


async def ramp(
    levels: list[int], measure: Callable[[int], Awaitable[Level]], threshold_ms: float
) -> RampAnswer:
    """Measure level after level; stop at the first one where a page or a write has a p95 of
    `threshold_ms` or more, or where a request failed."""
    answer = RampAnswer([], threshold_ms)
    for people in levels:
        level = await measure(people)
        answer.levels.append(level)
        over = level.over(threshold_ms)
        if over or level.errors:
            answer.stopped_at, answer.over = people, over
            if level.errors:
                answer.reason = f"{level.errors} failed requests"
            return answer
    return answer


def check_targets(answer: RampAnswer, target_people: int, threshold_ms: float) -> list[str]:
    """At `target_people`: every page and write answered, its p95 under the threshold, and no
    request failed."""
    level = next((lv for lv in answer.levels if lv.people == target_people), None)
    if level is None:
        return [f"{target_people} people not measured ({answer.text()})"]
    missed = []
    for row in level.rows.values():
        p95 = row.pct(0.95)
        if row.errors:
            missed.append(f"{row.name}: {sum(row.errors.values())} errors {dict(row.errors)}")
        if p95 is None:
            missed.append(f"{row.name}: no request answered as expected")
        elif p95 >= threshold_ms:
            missed.append(f"{row.name}: p95 {p95:.0f} ms >= {threshold_ms:g} ms")
    return [f"at {target_people} people, {m}" for m in missed]


# Requests -----------------------------------------------------------------------------------


def problem(status: int, location: str | None, expect: tuple[int, ...]) -> str:
    """What an answer was, named, when it is not an expected one ("" when it is)."""
    from benchmarks.signin import login_redirect

    if status in expect:
        return ""
    if login_redirect(status, location):
        return f"HTTP {status} to the login page (signed out)"
    if status == 401:
        return "HTTP 401 (signed out, htmx)"
    return f"HTTP {status}" + (f" to {location}" if location else "")


@dataclass
class Browser:
    """A person's own signed-in session and connections (as their browser keeps them)."""

    person: Person
    client: object  # httpx.AsyncClient
    csrf: str
    version: str = ""  # the workshop board's version last drawn (participants)


async def sign_in_people(base: str, people: list[Person], concurrency: int = 4) -> dict:
    """Each person's cookies after signing in through the login form (their own session)."""
    from benchmarks.signin import sign_in
    from demo.bulk import BULK_PASSWORD

    gate = asyncio.Semaphore(concurrency)

    async def one(person: Person):
        async with gate:
            return await asyncio.to_thread(sign_in, base, person.email, BULK_PASSWORD)

    jars = await asyncio.gather(*(one(p) for p in people))
    return {p.email: jar for p, jar in zip(people, jars, strict=True)}


def open_browser(base: str, person: Person, cookies: dict[str, str]) -> Browser:
    import httpx

    client = httpx.AsyncClient(
        base_url=base,
        cookies={k: cookies[k] for k in ("sessionid", "csrftoken") if k in cookies},
        timeout=30,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=4, max_keepalive_connections=4),
    )
    return Browser(person, client, cookies.get("csrftoken", ""))


async def request(
    level: Level,
    name: str,
    browser: Browser,
    method: str,
    path: str,
    *,
    expect: tuple[int, ...] = (200,),
    data: dict | None = None,
    htmx: bool = False,
    saved: Callable | None = None,
    row_of: Callable | None = None,
):
    """One request, timed when it is answered as expected (and, for a write, the answer says
    it was saved: `saved(response)` returns "" or why not), else counted as an error, named,
    under `name`. A timed answer goes under `name`, or under `row_of(response)` when the row
    depends on the answer (a poll: unchanged or redrawn). Returns the response (or None)."""
    import httpx

    headers = {"HX-Request": "true"} if htmx else {}
    if method == "POST":
        headers["X-CSRFToken"] = browser.csrf
    t0 = time.perf_counter()
    try:
        response = await browser.client.request(method, path, data=data, headers=headers)
    except httpx.HTTPError as exc:
        level.fail(name, f"no answer ({type(exc).__name__})")
        return None
    elapsed = time.perf_counter() - t0
    why = problem(response.status_code, response.headers.get("location"), expect)
    if not why and saved is not None:
        why = saved(response)
    if why:
        level.fail(name, why)
    else:
        level.time(row_of(response) if row_of else name, elapsed)
    return response


def _contribution_saved(response) -> str:
    # Refused, the form comes back (200) with its error and without the board's trigger.
    if response.headers.get("HX-Trigger") == "board-changed":
        return ""
    return "not saved: the form came back with an error"


def _assessment_saved(response) -> str:
    # Refused, the row comes back (200) with the error and without the saved mark.
    return "" if "saved-flash" in response.text else "not saved: the row came back with an error"


async def send_write(level: Level, browser: Browser, kind: str, nth: int) -> None:
    """A person's nth write of a kind, to their own rows, as the page's htmx sends it."""
    from django.urls import reverse

    person = browser.person
    name = WRITES[kind][0]
    if kind == "autosave":
        question = person.questions[nth % len(person.questions)]
        path = reverse("documentation:answer_autosave", args=[person.interview, question])
        text = (
            f"The worker kept coming back every week, and the family began to plan again "
            f"(revision {nth + 1} by {person.email})."
        )
        data = {f"answer_{question}": text}
        await request(level, name, browser, "POST", path, data=data, htmx=True)
    elif kind == "contribution":
        path = reverse("workshops:workshop_contribute", args=[person.workshop])
        text = f"What made the difference was the weekly visit ({person.email}, {nth + 1})."
        data = {"text": text}
        await request(
            level, name, browser, "POST", path, data=data, htmx=True, saved=_contribution_saved
        )
    elif kind == "assessment":
        story, criterion = person.assessments[nth % len(person.assessments)]
        path = reverse("stories:assessment_save", args=[story, criterion])
        data = {f"c{criterion}-verdict": VERDICTS[nth % len(VERDICTS)], f"c{criterion}-note": ""}
        await request(
            level, name, browser, "POST", path, data=data, htmx=True, saved=_assessment_saved
        )
    else:
        raise ValueError(kind)


def _can_write(person: Person, kind: str) -> bool:
    """Whether the person makes writes of that kind and has their own rows to write to."""
    targets = {
        "autosave": person.questions,
        "contribution": person.workshop,
        "assessment": person.assessments,
    }
    return person.role == WRITES[kind][1] and bool(targets[kind])


def write_plan(rates: dict[str, float], people: list[Person]) -> Iterator[Write]:
    """The writes of a level, in time order and without end: (seconds from its start, kind, who,
    their nth write of that kind), each kind evenly spaced at its rate and taken in turn by the
    people of the role that makes it. Raises SystemExit when a rate asks for writes none of
    `people` can make."""
    streams = []
    for position, (kind, rate) in enumerate(rates.items()):
        if rate <= 0:
            continue
        writers = [p for p in people if _can_write(p, kind)]
        if not writers:
            raise SystemExit(
                f"{rate:g} {kind}s per second asked for, but none of the {len(people)} people "
                f"can send one ({WRITES[kind][1]} with something to write to)"
            )
        # The kinds a fraction of an interval apart, each write in the middle of its interval.
        streams.append(_stream(kind, rate, (position + 0.5) / len(rates), writers))
    return heapq.merge(*streams, key=lambda w: w[0])


def _stream(kind: str, rate: float, phase: float, writers: list[Person]) -> Iterator[Write]:
    for k in itertools.count():
        yield (k + phase) / rate, kind, writers[k % len(writers)], k // len(writers)


async def check_pages(browser: Browser) -> list[str]:
    """Open each of a new person's pages once (not measured): what did not answer as it should.
    A participant's board is drawn, which gives the version its polls start from."""
    from benchmarks.people import board_path

    person = browser.person
    seen = Level(0)
    for page in person.pages:
        await request(seen, page.name, browser, "GET", page.path, expect=page.expect)
    if person.workshop:
        path = board_path(person.workshop, "")
        response = await request(seen, REDRAWN, browser, "GET", path, htmx=True)
        if response is not None:
            browser.version = _board_version(response.text) or ""
    return [
        f"{person.email}, {row.name}: {why}" for row in seen.rows.values() for why in row.errors
    ]


def _board_version(html: str) -> str | None:
    import re

    found = re.search(r'data-version="(\d+)"', html)
    return found.group(1) if found else None


async def run_level(
    browsers: list[Browser],
    *,
    seconds: float,
    think: tuple[float, float],
    rates: dict[str, float],
    min_samples: int = 0,
    max_seconds: float = 0.0,
    seed: int = 1,
) -> Level:
    """Everyone at once: readers open their pages with pauses, participants' boards poll every
    second, the writes go out on schedule. For `seconds`, and then on, up to `max_seconds`,
    until every page has been asked for `min_samples` times."""
    from benchmarks.people import board_path

    people = [b.person for b in browsers]
    level = Level(len(people), Counter(p.role for p in people))
    plan = write_plan(rates, people)
    pages = list(dict.fromkeys(page.name for person in people for page in person.pages))
    for name in pages:  # rows in the order of the people's pages, writes last
        level.row(name)
    for kind, rate in rates.items():
        if rate > 0:
            level.row(WRITES[kind][0])
            level.asked[WRITES[kind][0]] = rate
    done = asyncio.Event()
    start = time.monotonic()

    async def pause(seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), max(0.0, seconds))

    async def clock() -> None:
        await pause(seconds)
        while time.monotonic() - start < max_seconds and any(
            level.rows[name].requests < min_samples for name in pages
        ):
            await pause(1.0)
        done.set()

    async def reader(browser: Browser, rng: random.Random) -> None:
        mine = list(browser.person.pages)
        rng.shuffle(mine)
        await pause(rng.uniform(0, think[1]))  # people do not all start at once
        k = 0
        while not done.is_set():
            page = mine[k % len(mine)]
            await request(level, page.name, browser, "GET", page.path, expect=page.expect)
            k += 1
            await pause(rng.uniform(*think))

    def poll_row(response) -> str:
        return POLL if response.status_code == 204 else REDRAWN

    async def participant(browser: Browser, rng: random.Random) -> None:
        await pause(rng.uniform(0, 1))
        while not done.is_set():
            tick = time.monotonic()
            path = board_path(browser.person.workshop, browser.version)
            response = await request(
                level, POLL, browser, "GET", path, expect=(200, 204), htmx=True, row_of=poll_row
            )
            if response is not None and response.status_code == 200:
                browser.version = _board_version(response.text) or ""
            await pause(1.0 - (time.monotonic() - tick))

    async def writer() -> None:
        by_email = {b.person.email: b for b in browsers}
        tasks = []
        for offset, kind, person, nth in plan:
            await pause(start + offset - time.monotonic())
            if done.is_set():
                break
            write = send_write(level, by_email[person.email], kind, nth)
            tasks.append(asyncio.create_task(write))
        await asyncio.gather(*tasks)

    rng = random.Random(seed * 1000 + len(people))  # noqa: S311 - pauses, not secrets
    await asyncio.gather(
        clock(),
        writer(),
        *(
            (participant if b.person.workshop else reader)(b, random.Random(rng.random()))  # noqa: S311
            for b in browsers
        ),
    )
    level.seconds = time.monotonic() - start
    return level


# The table ----------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def print_tables(answer: RampAnswer, out, *, think: tuple[float, float]) -> None:
    """Per level: every page and write (requests, p50/p95/p99, errors), the writes per second,
    the errors by name; then the ramp's answer."""
    width = max([38] + [len(n) for lv in answer.levels for n in lv.rows])
    header = (
        f"| people | {'page or write':<{width}} | requests | p50 ms | p95 ms | p99 ms | errors |"
    )
    rule = "|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|"
    print(
        f"\nPages and writes (pauses of {think[0]:g}-{think[1]:g} s between a person's pages;"
        " a participant's board polls every second):\n",
        file=out,
    )
    print(header, file=out)
    print(rule, file=out)
    for level in answer.levels:
        # pages, then the polls, then the writes
        order = sorted(level.rows.values(), key=lambda r: r.name.startswith("write:"))
        for row in order:
            print(
                f"| {level.people:>6} | {row.name:<{width}} | {row.requests:>8} | "
                f"{_ms(row.pct(0.5)):>6} | {_ms(row.pct(0.95)):>6} | {_ms(row.pct(0.99)):>6} | "
                f"{sum(row.errors.values()):>6} |",
                file=out,
            )
    print("\nWrites per second (asked for; saved):\n", file=out)
    print(f"| people | {'write':<{width}} | asked /s | saved /s | errors |", file=out)
    print(f"|--------|{'-' * (width + 2)}|----------|----------|--------|", file=out)
    for level in answer.levels:
        for name, rate in level.asked.items():
            row = level.rows.get(name, Row(name))
            print(
                f"| {level.people:>6} | {name:<{width}} | {rate:>8.2f} | "
                f"{level.achieved(name):>8.2f} | {sum(row.errors.values()):>6} |",
                file=out,
            )
    print("\nPeople at each level:", file=out)
    for level in answer.levels:
        roles = ", ".join(f"{n} {role}" for role, n in sorted(level.roles.items()))
        print(f"  {level.people}: {roles}; {level.seconds:.0f} s", file=out)
    named = [
        f"  {level.people} people, {row.name}: {n} x {why}"
        for level in answer.levels
        for row in level.rows.values()
        for why, n in row.errors.most_common()
    ]
    print("\nErrors:" + ("\n" + "\n".join(named) if named else " none"), file=out)
    print(f"\nRamp: {answer.text()}.", file=out)


# The server ---------------------------------------------------------------------------------


def _env(database_url: str) -> dict[str, str]:
    """The server's environment: no cache of any kind."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lfs_site.settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_PLAIN_STATIC": "true",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
            "CELERY_BROKER_URL": "",  # nothing the run does is queued
            # A benchmark's people stay signed in for the whole ramp.
            "DJANGO_SESSION_IDLE_SECONDS": "7200",
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
    from demo import bulk
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


def plan_ramp(args) -> tuple[list[int], str]:
    """The ramp's levels, as far as the seed has people for (and if not, why)."""
    from benchmarks.people import available
    from demo import bulk

    levels = ramp_levels(args.people, args.step, args.cap)
    room = available(bulk.existing_count())
    if levels and levels[-1] > room:
        return [n for n in levels if n <= room], f"the seed holds {room} people"
    return levels, ""


async def main_async(args, base: str, everyone: list[Person], levels: list[int]) -> RampAnswer:
    """The ramp over `levels`; each level adds the next people of `everyone`, signed in then."""
    browsers: list[Browser] = []
    rates = {
        "autosave": args.autosaves,
        "contribution": args.contributions,
        "assessment": args.assessments,
    }

    async def measure(n: int) -> Level:
        new = everyone[len(browsers) : n]
        cookies = await sign_in_people(base, new)
        fresh = [open_browser(base, p, cookies[p.email]) for p in new]
        browsers.extend(fresh)
        gate = asyncio.Semaphore(8)

        async def check(browser: Browser) -> list[str]:
            async with gate:
                return await check_pages(browser)

        problems = [p for found in await asyncio.gather(*map(check, fresh)) for p in found]
        if problems:
            raise SystemExit(
                "FAILED before measuring: these pages did not answer as they should:\n  "
                + "\n  ".join(problems)
            )
        print(f"  {n} people ({len(new)} signed in now)...", flush=True)
        level = await run_level(
            browsers,
            seconds=args.seconds,
            think=args.think,
            rates=rates,
            min_samples=args.min_samples,
            max_seconds=args.max_seconds,
            seed=args.seed,
        )
        worst = max(level.rows.values(), key=lambda r: r.pct(0.95) or 0)
        print(
            f"  {n} people, {level.seconds:.0f} s: slowest p95 {_ms(worst.pct(0.95))} ms "
            f"({worst.name}), {level.errors} errors",
            flush=True,
        )
        return level

    try:
        return await ramp(levels, measure, args.threshold_ms)
    finally:
        for b in browsers:
            await b.client.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--people", default="10,25,50", help="the ramp's first levels")
    parser.add_argument("--step", type=int, default=25, help="then this many more at a time")
    parser.add_argument("--cap", type=int, default=300, help="up to this many people")
    parser.add_argument("--seconds", type=float, default=120.0, help="measured, per level")
    parser.add_argument(
        "--min-samples",
        type=int,
        default=20,
        help="after --seconds, a level goes on until every page was asked for this many times",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=300.0, help="but no longer than this, per level"
    )
    parser.add_argument(
        "--think", default="1,2", help="a person's pause after each page: low,high seconds"
    )
    parser.add_argument("--autosaves", type=float, default=2.0, help="per second (students)")
    parser.add_argument(
        "--contributions", type=float, default=1.0, help="per second (workshop participants)"
    )
    parser.add_argument(
        "--assessments", type=float, default=0.5, help="per second (committee members)"
    )
    parser.add_argument("--threshold-ms", type=float, default=200.0, help="the p95 limit")
    parser.add_argument("--target-people", type=int, default=50)
    cores = os.cpu_count() or 2
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", cores + 1))
    )
    parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", 4)))
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument(
        "--server-log", default=os.path.join(tempfile.gettempdir(), "lfs-bench-gunicorn.log")
    )
    parser.add_argument("--markdown", default="", help="also write the tables to this file")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if targets are missed")
    args = parser.parse_args(argv)
    args.people = [int(n) for n in args.people.split(",") if n.strip()]
    low, high = (float(x) for x in args.think.split(","))
    args.think = (low, high)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the load benchmark runs against PostgreSQL (--database-url)")

    # A few connections per person: more than the usual 1,024 descriptors at the cap.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    env = _env(args.database_url)
    prepare_database(args, env)
    from benchmarks.people import discover

    levels, short = plan_ramp(args)
    if not levels:
        raise SystemExit("no level to measure (--people, --step, --cap)")
    everyone = discover(levels[-1])
    port = args.port or _free_port()
    server = start_gunicorn(args, env, port)
    started = time.monotonic()
    try:
        print(
            f"gunicorn: {args.workers} gthread workers x {args.threads} threads on port {port}, "
            f"no cache; {args.seconds:g} s per level; writes per second: {args.autosaves:g} "
            f"autosaves, {args.contributions:g} contributions, {args.assessments:g} assessments"
        )
        answer = asyncio.run(main_async(args, f"http://127.0.0.1:{port}", everyone, levels))
        if answer.stopped_at is None and short:
            answer.reason = short
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    outputs = [sys.stdout]
    if args.markdown:
        outputs.append(open(args.markdown, "w"))  # noqa: SIM115 - closed below
    for out in outputs:
        print_tables(answer, out, think=args.think)
    if args.markdown:
        outputs[1].close()
    missed = check_targets(answer, args.target_people, args.threshold_ms)
    print(f"\nLevels measured: {len(answer.levels)}, in {time.monotonic() - started:.0f} s.")
    if missed:
        print(f"Targets missed ({len(missed)}):\n  " + "\n  ".join(missed))
    else:
        print(f"Every target met at {args.target_people} people.")
    return 1 if missed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
