"""Print a program's content as JSON: `manage.py export_program PROGRAM_ID > program.json`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from organizations.models import Program
from transfer.services import program_export_data, program_export_record


class Command(BaseCommand):
    help = (
        "Export a whole program (selection, documentation, principles, workshops, learning, "
        "books, roles) with no real names and no file contents."
    )

    def add_arguments(self, parser):
        parser.add_argument("program_id", type=int)

    def handle(self, *args, program_id: int, **options):
        program = Program.objects.select_related("organization").filter(pk=program_id).first()
        if program is None:
            raise CommandError(f"There is no program {program_id}.")
        data = program_export_data(program=program, complete=True)
        program_export_record(by=None, program=program)
        self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
