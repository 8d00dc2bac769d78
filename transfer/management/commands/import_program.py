"""Create a program from an export: `manage.py import_program file.json --organization SLUG`."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization
from organizations.role_audit import acting
from transfer.program_transfer import UnknownReference
from transfer.services import program_import


class Command(BaseCommand):
    help = "Import a program exported with export_program into an organization (ids remapped)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--organization", required=True, help="the organization's short name")

    def handle(self, *args, **options):
        # Roles given or changed by the command are recorded as made by way of it.
        with acting(via="manage.py import_program"):
            return self.run(*args, **options)

    def run(self, *args, path: str, organization: str, **options):
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(f"There is no organization {organization!r}.")
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            program = program_import(data=data, organization=org)
        except (ValidationError, KeyError, TypeError, ValueError, UnknownReference) as exc:
            raise CommandError(f"Cannot import {path}: {exc}") from exc
        self.stdout.write(f"Imported program {program.pk}: {program.title}")
