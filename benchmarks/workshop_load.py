"""Load benchmark of a live workshop: N simulated participants poll and contribute against
gunicorn on 127.0.0.1, for a bounded time; prints requests/s, p50/p95/p99 latency and errors.

    .venv/bin/python benchmarks/workshop_load.py [--participants 40] [--seconds 20]
        [--workers 4] [--database-url URL]

Without --database-url it builds a fresh SQLite file in a temporary folder (never the demo
database). Each participant polls the board every second with the version it last saw (an
unchanged workshop answers 204) and adds a contribution about every five seconds, as htmx does.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _setup(participants: int) -> tuple[int, list[str]]:
    """A program, its facilitator and participants, an open workshop; session cookies."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lfs_site.settings")
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from methods import services_workshops as services
    from methods.selectors_workshops import _access
    from organizations.models import Organization, Role, User
    from organizations.services import membership_ensure, program_create

    call_command("migrate", verbosity=0)
    org, _ = Organization.objects.get_or_create(name="Bench org", defaults={"slug": "bench"})
    program = org.programs.first() or program_create(organization=org, title="Bench program")
    director, _ = User.objects.get_or_create(email="bench-director@example.org")
    membership_ensure(user=director, organization=org, role=Role.DIRECTOR)
    workshop = services.workshop_plan(
        access=_access(director, program),
        by=director,
        method="learning",
        title="Load test",
        scheduled_for=timezone.now(),
    )
    services.workshop_open(access=_access(director, program), workshop=workshop)
    cookies = []
    for i in range(participants):
        user, _ = User.objects.get_or_create(
            email=f"bench-{i}@example.org", defaults={"full_name": f"Participant {i}"}
        )
        membership_ensure(user=user, organization=org, role=Role.STAFF)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    return workshop.pk, cookies


class Participant(threading.Thread):
    def __init__(self, port, workshop_id, session_key, deadline, results, lock):
        super().__init__(daemon=True)
        self.port, self.workshop_id, self.session_key = port, workshop_id, session_key
        self.deadline, self.results, self.lock = deadline, results, lock
        self.version = ""
        self.warm = threading.Event()
        self.csrf = "benchcsrf" + "x" * 23  # a 32-character token, sent as cookie and header

    def request(self, conn, method, path, body=None, kind="poll"):
        headers = {
            "Cookie": f"sessionid={self.session_key}; csrftoken={self.csrf}",
            "HX-Request": "true",
            "Host": f"127.0.0.1:{self.port}",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            ok = response.status in (200, 204)
            status = response.status
        except (OSError, http.client.HTTPException):
            ok, status, data = False, 0, b""
            conn.close()
        elapsed = time.perf_counter() - start
        with self.lock:
            self.results.append((kind, elapsed, ok, status))
        return status, data

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        # warm up (not measured): the worker's first request imports and connects
        self.request(conn, "GET", f"/workshops/{self.workshop_id}/board/", kind="warmup")
        self.warm.wait(30)
        time.sleep(random.uniform(0, 1))  # people do not all click in the same instant
        next_contribution = time.monotonic() + random.uniform(0, 5)
        while time.monotonic() < self.deadline:
            tick = time.monotonic()
            status, data = self.request(
                conn, "GET", f"/workshops/{self.workshop_id}/board/?v={self.version}"
            )
            if status == 200:
                found = re.search(rb'data-version="(\d+)"', data)
                self.version = found.group(1).decode() if found else ""
            if tick >= next_contribution:
                text = f"text=Observation+{random.randint(1, 10**6)}"
                self.request(
                    conn, "POST", f"/workshops/{self.workshop_id}/contribute/", text, "contribute"
                )
                next_contribution = tick + 5
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        conn.close()


def _pct(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
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
    workshop_id, cookies = _setup(args.participants)

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
        results: list = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [Participant(port, workshop_id, key, deadline, results, lock) for key in cookies]
        for t in threads:
            t.start()
        time.sleep(1.5)  # below gunicorn's keep-alive, so warmed connections stay open
        with lock:
            results.clear()
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        for t in threads:
            t.deadline = deadline
            t.warm.set()
        for t in threads:
            t.join(args.seconds + 15)
        wall = time.monotonic() - started
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(10)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    print(
        f"{args.participants} participants, {args.seconds} s, gunicorn {args.workers} workers x 4 "
        f"threads, database {env['DATABASE_URL'].split(':')[0]}"
    )
    header = ("kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{header[0]:<12}" + "".join(f"{h:>9}" for h in header[1:]))
    for kind in ("poll", "contribute", "all"):
        rows = [r for r in results if r[0] == kind or (kind == "all" and r[0] != "warmup")]
        ms = [r[1] * 1000 for r in rows]
        errors = sum(1 for r in rows if not r[2])
        print(
            f"{kind:<12}{len(rows):>9}{len(rows) / wall:>9.1f}{_pct(ms, 50):>9.1f}"
            f"{_pct(ms, 95):>9.1f}{_pct(ms, 99):>9.1f}{errors:>9}"
        )
    statuses = statistics.multimode([r[3] for r in results if not r[2]] or [0])
    errors = sum(1 for r in results if not r[2] and r[0] != "warmup")
    if errors:
        print(f"error statuses: {statuses}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
