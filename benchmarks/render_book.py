"""Benchmark the book renderer: books of 10, 50 and 200 stories.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/render_book.py [10 50 200]
    (REPEATS=3 by default: how many times each of the two renders runs)

Each size runs in a fresh child process (so peak memory is that book's alone) and builds a
throw-away program in the configured database. It then times, REPEATS times each and in
alternating order (full, alone, alone, full, full, alone, ...), two renders of the book:

- full: the whole pipeline of a render (the selectors that read the book, the print
  templates, the real-name guard, WeasyPrint through the restricted URL fetcher writing a
  tagged PDF/UA-1, and the EPUB and web edition made from the same composition);
- alone: WeasyPrint alone on the same print HTML, with the same PDF options.

The first render of a process pays for loading fonts and filling caches; alternating the
order spreads that (and any drift of a shared machine) over both, so the medians compare like
with like. Prints a table: pages, median seconds of each, seconds per 100 pages, peak memory
(max RSS) and the ratio of the medians full / alone.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(os.environ.get("REPEATS", "3"))
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "The social worker came back every week, and every week the plan was written again "
    "together, in words the family chose. Small steps, each agreed before it was taken, "
    "made the difference the family describes today. "
)


def build(n: int):
    import datetime as dt

    from methods.selectors import question_set_default
    from organizations.models import Department, Organization, Role, User
    from organizations.selectors import program_access
    from organizations.services import membership_ensure, program_create
    from publications import services
    from stories.models import (
        ClientIdentity,
        CommonPrinciple,
        Consent,
        Interview,
        Principle,
        PrincipleCategory,
        StoryApproval,
        StoryDraft,
        SuccessStory,
    )

    stamp = f"{n}-{time.time_ns()}"
    org = Organization.objects.create(name=f"Benchmark {stamp}", slug=f"bench-{stamp}")
    department = Department.objects.create(organization=org, name="Families")
    program = program_create(organization=org, title=f"Benchmark {stamp}")
    director = User.objects.create_user(email=f"d{stamp}@bench.lfs", password=None, full_name="D")
    membership_ensure(user=director, organization=org, role=Role.DIRECTOR, program=program)
    categories = [
        PrincipleCategory.objects.create(program=program, name=f"Category {c}") for c in range(4)
    ]
    commons = [
        CommonPrinciple.objects.create(
            program=program, text=f"Common principle number {c}", category=categories[c % 4]
        )
        for c in range(12)
    ]
    qs = question_set_default()
    body = "\n".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(7))
    for i in range(n):
        story = SuccessStory.objects.create(
            program=program,
            department=department,
            title=f"Story number {i + 1}",
            summary="s",
            success_in_worker_eyes="w",
            success_in_client_eyes="c",
            client_pseudonym=f"Client {i}",
            told_by=director,
            status="selected",
        )
        interview = Interview.objects.create(
            story=story,
            interviewee_role="client",
            interviewee_label="C",
            held_on=dt.date(2026, 1, 1),
            interviewer=director,
            question_set=qs,
        )
        Consent.objects.create(
            interview=interview,
            scope="publication",
            given_on=dt.date(2026, 1, 1),
            method="written",
            consent_text_version="1",
            recorded_by=director,
        )
        draft = StoryDraft.objects.create(
            story=story, version=1, body="b", body_html=body, author=director
        )
        StoryApproval.objects.create(story=story, draft=draft, approved_by=director)
        ClientIdentity.objects.create(story=story, real_name=f"Zohar Ketzef{i}")
        for k in range(3):
            Principle.objects.create(
                story=story,
                situation="a family in crisis",
                goal="trust that lasts",
                action="visit the same day and let the family set the agenda",
                common=commons[(i + k) % len(commons)],
            )
    return services.book_create(
        access=program_access(director, program), by=director, title=f"Benchmark book {n}"
    )


def child(n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lfs_site.settings")
    import django

    django.setup()
    from django.utils import translation
    from weasyprint import HTML

    from publications.renderer import (
        ORIGIN,
        PDF_OPTIONS,
        AppFilesFetcher,
        render_book_editions,
        render_book_pdf,
        render_html,
    )
    from publications.selectors import book_content

    book = build(n)
    html = render_html(book_content(book))
    pages = 0

    def full() -> None:
        nonlocal pages
        with translation.override(book.language):
            content = book_content(book)
            pages = render_book_pdf(content).pages
            render_book_editions(content)

    def alone() -> None:
        HTML(string=html, base_url=ORIGIN + "/", url_fetcher=AppFilesFetcher()).write_pdf(
            **PDF_OPTIONS
        )

    times: dict[str, list[float]] = {"full": [], "alone": []}
    order = [full, alone]
    for _ in range(REPEATS):
        for run in order:
            start = time.perf_counter()
            run()
            times[run.__name__].append(time.perf_counter() - start)
        order.reverse()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "n": n,
                "pages": pages,
                "full": statistics.median(times["full"]),
                "alone": statistics.median(times["alone"]),
                "runs": times,
                "mb": peak_mb,
            }
        )
    )


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    print(f"Medians of {REPEATS} runs of each, in alternating order.")
    print("| stories | pages | seconds | s / 100 pages | peak memory | WeasyPrint alone | ratio |")
    print("|--------:|------:|--------:|--------------:|------------:|-----------------:|------:|")
    for r in rows:
        print(
            f"| {r['n']} | {r['pages']} | {r['full']:.1f} | {100 * r['full'] / r['pages']:.2f} "
            f"| {r['mb']:.0f} MB | {r['alone']:.1f} s | {r['full'] / r['alone']:.2f} |"
        )
    for r in rows:  # the spread, to judge the noise of the machine
        runs = r["runs"]
        print(
            f"{r['n']} stories: full {', '.join(f'{t:.1f}' for t in runs['full'])} s; "
            f"alone {', '.join(f'{t:.1f}' for t in runs['alone'])} s"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [10, 50, 200])
