"""Seed national volumes of data: `manage.py seed_bulk --organizations 50 --stories 10000`.

See demo/bulk.py for what one organization holds. Refuses to run on a database that
was already seeded unless --clear is given (which removes the earlier seeded data first).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from demo import bulk
from organizations.role_audit import acting


class Command(BaseCommand):
    help = "Create organizations, programs, stories and everything around them in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=50)
        parser.add_argument("--stories", type=int, default=10000, help="stories in all")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--clear", action="store_true", help="remove earlier seeded data first")

    def handle(self, *args, **options):
        # Roles given or changed by the command are recorded as made by way of it.
        with acting(via="manage.py seed_bulk"):
            return self.run(*args, **options)

    def run(self, *args, **options):
        if options["organizations"] < 1 or options["stories"] < 0:
            raise CommandError("--organizations must be at least 1 and --stories at least 0")
        if options["organizations"] > 999:
            raise CommandError("--organizations is at most 999")
        started = time.monotonic()
        if bulk.existing_count():
            if not options["clear"]:
                raise CommandError(
                    f"This database already holds {bulk.existing_count()} seeded organizations "
                    f"(slug {bulk.SLUG_PREFIX}...). Run again with --clear to replace them."
                )
            self.stdout.write("Removing the data seeded before...")
            bulk.clear(self.stdout.write)
            self.stdout.write(f"  removed in {time.monotonic() - started:.1f} s")
        self.stdout.write(
            f"Seeding {options['organizations']} organizations with {options['stories']} "
            f"stories (seed {options['seed']})..."
        )
        seeded = time.monotonic()
        counts = bulk.seed(
            organizations=options["organizations"],
            stories=options["stories"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            log=self.stdout.write,
        )
        elapsed = time.monotonic() - seeded
        width = max(len(label) for label in counts)
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:<{width}}  {n:>9}")
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {total} rows in {elapsed:.1f} s ({total / max(elapsed, 1e-9):.0f} rows/s)."
                f" Every seeded person's password is {bulk.BULK_PASSWORD}; e.g. "
                f"{bulk.email(1, 'director')}, {bulk.email(1, 'committee')}, "
                f"{bulk.email(1, 'staff')}, {bulk.email(1, 'student')}, "
                f"{bulk.email(1, 'companion')}, {bulk.UNIT_EMAIL}."
            )
        )
