"""A program exported to a file and imported again, recorded in the audit log."""

from __future__ import annotations

from django.db import transaction

from organizations.models import AuditEvent, Organization, Program, User
from organizations.services import audit_record
from stories.models import SuccessStory
from stories.visibility import visible_stories
from transfer import program_transfer

PROGRAM_FORMAT = program_transfer.FORMAT


def program_export_data(
    *, program: Program, user: User | None = None, complete: bool = False
) -> dict:
    """The whole program, with ids local to the file (remapped on import): what it holds and
    what it never does (real names, uploaded files) is in transfer/program_transfer.py.

    Its stories are the program's own (`usable`) that the one rule opens to `user`, with their
    interviews (`visible_stories(user, interviews=True)`): a director's download reads the
    rule every list reads. `user` is None only for the operator's move between instances
    (`manage.py export_program`), which is nobody's page and takes every story the program uses.

    A director's download is not `complete`: what only its writer sees in the application
    (private learning log entries, votes, the authors of anonymous contributions) stays out.
    Moving a program between instances (`manage.py export_program`) takes it all.
    """
    read = SuccessStory.objects.usable(program)
    if user is not None:
        read = read & visible_stories(user, interviews=True)
    stories = list(
        read.select_related("department", "told_by").prefetch_related("tags").order_by("pk")
    )
    return program_transfer.export_program(program=program, stories=stories, complete=complete)


def program_export_record(*, by: User | None, program: Program, request=None) -> AuditEvent:
    return audit_record(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=program,
        organization=program.organization,
        summary=f"program {program.pk} exported",
        request=request,
    )


@transaction.atomic
def program_import(*, data: dict, organization: Organization, by: User | None = None) -> Program:
    """Create a new program in `organization` from a `program_export_data` file.

    Ids are remapped; people are matched by e-mail (created inactive, with no usable password,
    when missing) and given the roles the file names; question sets are matched by content or
    recreated.
    """
    program = program_transfer.import_program(data=data, organization=organization)
    audit_record(
        actor=by,
        action=AuditEvent.Action.IMPORTED,
        obj=program,
        organization=organization,
        summary=f"program imported from {data['source']['program']}",
    )
    return program
