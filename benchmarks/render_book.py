"""Benchmark the book renderer: books of 10, 50 and 200 stories.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/render_book.py [10 50 200]

Each size runs in a fresh child process (so peak memory is that book's alone) and builds a
throw-away program in the configured database, renders it through the full pipeline (the
selectors that read the book, the print templates, the real-name guard, WeasyPrint through the
restricted URL fetcher), then renders the same HTML with WeasyPrint alone. Prints a table:
pages, seconds, seconds per 100 pages, peak memory (max RSS), and the ratio full / WeasyPrint.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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

    from publications.renderer import ORIGIN, AppFilesFetcher, render_book_pdf, render_html
    from publications.selectors import book_content

    book = build(n)
    start = time.perf_counter()
    with translation.override(book.language):
        result = render_book_pdf(book_content(book))
    full = time.perf_counter() - start
    html = render_html(book_content(book))
    start = time.perf_counter()
    HTML(string=html, base_url=ORIGIN + "/", url_fetcher=AppFilesFetcher()).write_pdf()
    alone = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"n": n, "pages": result.pages, "full": full, "alone": alone, "mb": peak_mb}))


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
    print("| stories | pages | seconds | s / 100 pages | peak memory | WeasyPrint alone | ratio |")
    print("|--------:|------:|--------:|--------------:|------------:|-----------------:|------:|")
    for r in rows:
        print(
            f"| {r['n']} | {r['pages']} | {r['full']:.1f} | {100 * r['full'] / r['pages']:.2f} "
            f"| {r['mb']:.0f} MB | {r['alone']:.1f} s | {r['full'] / r['alone']:.2f} |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [10, 50, 200])
