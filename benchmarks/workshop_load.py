"""Load benchmark of live workshops: N simulated participants, spread over W workshops, poll
and contribute against gunicorn on 127.0.0.1, for a bounded time; prints requests/s,
p50/p95/p99 latency and errors, and how long a contribution takes to be on every other
participant's screen in its workshop (the target: within 1 s at p95, with 0 errors).

    .venv/bin/python benchmarks/workshop_load.py [--participants 40] [--workshops 1]
        [--seconds 20] [--every 5] [--workers 4] [--database-url URL]

The two runs of issue 19, on PostgreSQL (a database of the benchmark's own), at the pace of
a live session (a note every 30 s each) and, with the default --every 5, six times faster:

    .venv/bin/python benchmarks/workshop_load.py --participants 40 --workshops 1 --every 30 \
        --database-url postgres://postgres@127.0.0.1:5432/lfs_wsbench
    .venv/bin/python benchmarks/workshop_load.py --participants 200 --workshops 5 --every 30 \
        --database-url postgres://postgres@127.0.0.1:5432/lfs_wsbench

Why polling with a version short-circuit, not server-sent events or websockets: every change
to a workshop that others can see bumps `Workshop.version`; a screen polls every 0.7 s with the
version it holds, and an unchanged workshop answers 204 after two small indexed reads (the
workshop row, the person's memberships), no template. When only contributions were added
since the screen's version (the commonest change by far), the answer is the new cards alone,
swapped in by id, so a change costs each screen one small render whatever the board's size;
any other change redraws the board. That is as cheap per screen-second as a held connection's
keep-alive (a poll every 0.7 s, so that the wait for the next one plus the request stays under
1 s), needs no ASGI server, Channels layer or Redis fan-out (one fewer moving part for
the small organizations that run LFS, and nothing new to secure or to keep up under load), goes
through every proxy, and recovers by itself after a dropped connection or a sleeping phone. Its
cost is the latency: at most one poll interval (0.7 s) plus one request, which is what
"within 1 s" measures here. A push channel would pay off with thousands of screens per
workshop, not 40.

"Seen" is measured, not estimated: each contribution carries a unique marker; the time from its
POST being answered (saved) to the first poll of every other participant of the workshop whose
board holds the marker is one sample. A contribution some screen never showed before the end
(more than 3 s before it) counts as an error.

Without --database-url it builds a fresh SQLite file in a temporary folder (never the demo
database). Each participant signs in through the login form (benchmarks/signin.py, as a person
does: the session then holds what the session middleware checks), polls the board every 0.7 s
with the version it last saw (an unchanged workshop answers 204) and adds a contribution about
every five seconds, as htmx does.

Only answers the app gives a participant count as measured requests: 200 for a board drawn and
for a contribution, 204 for an unchanged board. Anything else is an error, never a fast request:
a redirect to the login page is named as such, the run stops before measuring when a
participant's first request is not answered as a signed-in person's, and the command exits 1
with the errors on stderr.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.signin import login_redirect, sign_in  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: The participants' password (benchmark accounts on a benchmark database only).
PASSWORD = "bench-participant-2026"  # noqa: S105
#: What the app answers a participant, by kind of request; anything else is an error.
EXPECTED = {"warmup": (200,), "poll": (200, 204), "contribute": (200,)}


def _setup(participants: int, workshops: int = 1) -> tuple[list[int], list[str]]:
    """A program, its facilitator and participants (who sign in with PASSWORD), `workshops`
    open workshops; the workshops' ids and the participants' e-mail addresses."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lfs_site.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from organizations.models import Organization, Role, User
    from organizations.services import membership_ensure, program_create
    from workshops import services
    from workshops.selectors import _access

    call_command("migrate", verbosity=0)
    org, _ = Organization.objects.get_or_create(name="Bench org", defaults={"slug": "bench"})
    program = org.programs.first() or program_create(organization=org, title="Bench program")
    director, _ = User.objects.get_or_create(email="bench-director@example.org")
    membership_ensure(user=director, organization=org, role=Role.DIRECTOR)
    ids = []
    for i in range(workshops):
        workshop = services.workshop_plan(
            access=_access(director, program),
            by=director,
            method="learning",
            title=f"Load test {i + 1}",
            scheduled_for=timezone.now(),
        )
        services.workshop_open(access=_access(director, program), workshop=workshop)
        ids.append(workshop.pk)
    password = make_password(PASSWORD)  # hashed once: the hasher is slow on purpose
    emails = []
    for i in range(participants):
        user, _ = User.objects.get_or_create(
            email=f"bench-{i}@example.org", defaults={"full_name": f"Participant {i}"}
        )
        User.objects.filter(pk=user.pk).update(password=password)
        membership_ensure(user=user, organization=org, role=Role.STAFF)
        emails.append(user.email)
    return ids, emails


def _answer(status: int, location: str | None) -> str:
    """How an answer that is not the expected one is reported."""
    if status == 0:
        return "no answer (connection failed)"
    if login_redirect(status, location):
        return f"HTTP {status} to the login page: not signed in"
    return f"HTTP {status}" + (f" to {location}" if location else "")


#: The board's poll interval, as its template asks htmx (`every 700ms`): a change waits at most
#: 0.7 s for the next poll, plus that request, so a contribution shows within 1 s at p95.
POLL = 0.7

MARKER = re.compile(rb"Observation (\d+)-(\d+)")


class Participant(threading.Thread):
    def __init__(self, port, workshop_id, cookies, deadline, results, lock, every=5.0, sent=None):
        super().__init__(daemon=True)
        self.port, self.workshop_id, self.cookies = port, workshop_id, cookies
        self.deadline, self.results, self.lock = deadline, results, lock
        self.every = every
        #: marker -> (workshop id, when its POST was answered); shared by all participants
        self.sent = sent if sent is not None else {}
        #: marker -> when this participant's screen first showed it
        self.seen: dict[str, float] = {}
        self.counter = 0
        self.version = ""
        self.warm = threading.Event()  # set by main() when the measured run starts
        self.warmed = threading.Event()  # set here once the first request is answered
        self.warmup_error = ""  # why the first request was not answered as expected

    def request(self, conn, method, path, body=None, kind="poll"):
        """One request: (kind, seconds, problem or "", status) is recorded; a request whose
        answer is not the expected one keeps its problem, and no time is taken from it."""
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "HX-Request": "true",
            "Host": f"127.0.0.1:{self.port}",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status, location = response.status, response.getheader("Location")
        except (OSError, http.client.HTTPException):
            status, location, data = 0, None, b""
            conn.close()
        elapsed = time.perf_counter() - start
        problem = "" if status in EXPECTED[kind] else _answer(status, location)
        with self.lock:
            self.results.append((kind, elapsed, problem, status))
        return status, data, problem

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        # warm up (not measured): the worker's first request imports and connects; it must be
        # answered as a signed-in participant's, or there is nothing to measure
        path = f"/workshops/{self.workshop_id}/board/"
        _status, _data, self.warmup_error = self.request(conn, "GET", path, kind="warmup")
        self.warmed.set()
        self.warm.wait(120)
        if self.warmup_error:
            conn.close()
            return
        time.sleep(random.uniform(0, 1))  # people do not all click in the same instant
        next_contribution = time.monotonic() + random.uniform(0, self.every)
        while time.monotonic() < self.deadline:
            tick = time.monotonic()
            status, data, _problem = self.request(
                conn, "GET", f"/workshops/{self.workshop_id}/board/?v={self.version}"
            )
            if status == 200:
                now = time.monotonic()
                found = re.search(rb'data-version="(\d+)"', data)
                self.version = found.group(1).decode() if found else ""
                for a, b in MARKER.findall(data):
                    self.seen.setdefault(f"{a.decode()}-{b.decode()}", now)
            if tick >= next_contribution:
                self.counter += 1
                marker = f"{id(self) % 10**6}-{self.counter}"
                status, _data, problem = self.request(
                    conn,
                    "POST",
                    f"/workshops/{self.workshop_id}/contribute/",
                    f"text=Observation+{marker}",
                    "contribute",
                )
                if not problem:
                    with self.lock:
                        self.sent[marker] = (self.workshop_id, time.monotonic(), self)
                next_contribution = tick + self.every
            time.sleep(max(0.0, POLL - (time.monotonic() - tick)))
        conn.close()


def _pct(values, p) -> str:
    """The p-th percentile, or "-" when nothing was answered as expected (not a fast 0 ms)."""
    values = sorted(values)
    if not values:
        return "-"
    return f"{values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]:.1f}"


def table(results: list, wall: float) -> list[str]:
    """The printed table: requests, rate and latency of the answers a participant expects,
    and the number of the others (errors), whose time is in no column."""
    header = ("kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    lines = [f"{header[0]:<12}" + "".join(f"{h:>9}" for h in header[1:])]
    for kind in ("poll", "contribute", "all"):
        rows = [r for r in results if r[0] == kind or (kind == "all" and r[0] != "warmup")]
        ms = [r[1] * 1000 for r in rows if not r[2]]
        failed = sum(1 for r in rows if r[2])
        lines.append(
            f"{kind:<12}{len(ms):>9}{len(ms) / wall:>9.1f}{_pct(ms, 50):>9}"
            f"{_pct(ms, 95):>9}{_pct(ms, 99):>9}{failed:>9}"
        )
    return lines


def visibility(threads: list, sent: dict, end: float) -> tuple[list[float], int]:
    """Seconds from each contribution being saved to its first showing on each other screen
    of its workshop, and how many (contribution, screen) pairs never showed it (counted only
    for contributions saved more than 3 s before the end)."""
    samples, missed = [], 0
    for marker, (workshop_id, saved, writer) in sent.items():
        for t in threads:
            if t is writer or t.workshop_id != workshop_id:
                continue
            if marker in t.seen:
                samples.append(max(0.0, t.seen[marker] - saved))
            elif saved < end - 3:
                missed += 1
    return samples, missed


def errors(results: list) -> Counter:
    """The requests not answered as expected, by (kind, what was answered)."""
    return Counter((r[0], r[2]) for r in results if r[2] and r[0] != "warmup")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--workshops", type=int, default=1)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between contributions")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lfs-bench-")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PLAIN_STATIC="true",
    )
    os.environ.update(env)
    workshop_ids, emails = _setup(args.participants, args.workshops)

    port = _free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "lfs_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            # longer than the sign-ins and warm-ups take, so no warmed connection is closed
            "--keep-alive",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        # Each participant signs in through the login form, as a person does.
        with ThreadPoolExecutor(max_workers=4) as pool:
            cookies = list(pool.map(lambda email: sign_in(base, email, PASSWORD), emails))
        results: list = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds + 120
        sent: dict = {}
        threads = [
            Participant(
                port,
                workshop_ids[i % len(workshop_ids)],
                c,
                deadline,
                results,
                lock,
                every=args.every,
                sent=sent,
            )
            for i, c in enumerate(cookies)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.warmed.wait(60)
        refused = Counter(
            t.warmup_error if t.warmed.is_set() else "no answer within 60 s"
            for t in threads
            if t.warmup_error or not t.warmed.is_set()
        )
        if refused:
            for t in threads:
                t.deadline = time.monotonic()
                t.warm.set()
            print(
                "FAILED before measuring: the participants' first request was answered",
                file=sys.stderr,
            )
            for problem, count in refused.items():
                print(f"  {count} x {problem}", file=sys.stderr)
            return 1
        with lock:
            results.clear()
            sent.clear()
        for t in threads:
            t.seen.clear()
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        for t in threads:
            t.deadline = deadline
            t.warm.set()
        for t in threads:
            t.join(args.seconds + 15)
        wall = time.monotonic() - started
        ended = time.monotonic()
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(10)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    print(
        f"{args.participants} participants in {args.workshops} workshop(s), {args.seconds} s, "
        f"a contribution every {args.every:g} s each, gunicorn {args.workers} workers x 4 "
        f"threads, database {env['DATABASE_URL'].split(':')[0]}"
    )
    print("\n".join(table(results, wall)))
    samples, missed = visibility(threads, sent, ended)
    ms = [x * 1000 for x in samples]
    print(
        f"seen on every other screen: {len(sent)} contributions, {len(ms)} (contribution, "
        f"screen) pairs, p50 {_pct(ms, 50)} ms, p95 {_pct(ms, 95)} ms, p99 {_pct(ms, 99)} ms, "
        f"max {max(ms, default=0):.0f} ms, never shown {missed}"
    )
    problems = errors(results)
    if missed:
        problems[("seen", "a contribution never shown on a screen")] = missed
    if problems:
        print(
            f"FAILED: {sum(problems.values())} requests not answered as expected:", file=sys.stderr
        )
        for (kind, problem), count in problems.most_common():
            print(f"  {count} x {kind}: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
