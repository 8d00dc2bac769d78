"""How long the real-name gate takes on a book-sized text: 200,000 words of Hebrew and Arabic
checked against a program's hundred client names (name parts, attached prefixes, folded text).

    .venv/bin/python benchmarks/realnames.py [--repeats 5]

Prints a table (median and slowest of the repeats). Target: under 2 s for the whole text, so a
book's fields can be checked when they are saved.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

TARGET_S = 2.0


def book_text(words: int = 200_000) -> str:
    vocabulary = "העובדת חזרה כל שבוע והמשפחה מצאה בית ביחד وجاءت العاملة كل أسبوع ووجدت".split()
    return "<p>" + " ".join(vocabulary[i % len(vocabulary)] for i in range(words)) + "</p>"


def client_names(count: int = 100) -> list[str]:
    return [f"משה{'א' * (i % 7)} אל{'ב' * (i % 5)}חסן{i % 3}" for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lfs_site.settings")
    import django

    django.setup()
    from stories.realnames import reveals_real_name

    text, names = book_text(), client_names()
    seconds = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        found = reveals_real_name(text, names)
        seconds.append(time.perf_counter() - started)
        assert not found, "the benchmark's text holds none of the names"
    median, slowest = statistics.median(seconds), max(seconds)
    print("| check | median s | slowest s | target s | met |")
    print("|---|--:|--:|--:|---|")
    met = "yes" if slowest < TARGET_S else "NO"
    print(f"| 200,000 words x 100 names | {median:.2f} | {slowest:.2f} | {TARGET_S:.0f} | {met} |")
    return 0 if slowest < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
