"""Demo data of the methods app: a finished retrospective workshop, a learning question with
three cycles, learning-log entries and learning patterns (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from methods.models_workshops import LearningQuestion, Workshop
from workshops import services
from workshops.selectors import _access


def load_demo(org, users: dict, programs: list) -> None:
    program = programs[-1]  # the documented program (its stories are selected)
    if Workshop.objects.filter(program=program, title="What made our successes work").exists():
        return
    companion = users["companion@demo.lfs"]
    access = _access(companion, program)
    story = program.stories.filter(status="selected").order_by("pk").first()
    staff = [users[e] for e in ("staff@demo.lfs", "staff2@demo.lfs", "staff3@demo.lfs")]
    workshop = services.workshop_plan(
        access=access,
        by=companion,
        method="retrospective",
        title="What made our successes work",
        scheduled_for=timezone.now() - dt.timedelta(days=7),
        story=story,
        participants=staff,
    )
    services.workshop_open(access=access, workshop=workshop)
    notes = [
        (staff[0], False, "The family chose the time and place of every meeting."),
        (staff[1], True, "I was ready to close the file; a colleague asked me to try once more."),
        (staff[2], False, "We agreed small goals that the client could see within a week."),
    ]
    added = []
    for person, anonymous, text in notes:
        added.append(
            services.contribution_add(
                access=_access(person, program),
                workshop=workshop,
                by=person,
                text=text,
                anonymous=anonymous,
            )
        )
    services.workshop_go_to_step(access=access, workshop=workshop, position=5)
    services.contribution_add(
        access=_access(staff[0], program),
        workshop=workshop,
        by=staff[0],
        text="The turning point was the first time she called us herself.",
    )
    if story is not None:
        services.contribution_promote(
            access=access,
            contribution=added[0],
            by=companion,
            target="principle",
            situation="a family that distrusts the services",
            goal="a first meeting the family wants to come back to",
            action="let the family choose the time and place",
        )
    services.contribution_promote(
        access=access,
        contribution=added[1],
        by=companion,
        target="pattern",
        kind="dialogue",
        name="A colleague's second look before closing a file",
    )
    services.action_item_add(
        access=access,
        workshop=workshop,
        text="Bring the draft principles to the department meeting",
        owner=staff[0],
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    services.workshop_close(access=access, workshop=workshop)

    if not LearningQuestion.objects.filter(program=program).exists():
        lq = services.learning_question_create(
            access=access,
            by=companion,
            question="How do we keep young people engaged after the first meeting?",
            why_it_matters="Half of the young people referred to us never come to a second "
            "meeting.",
            team=staff,
        )
        start = timezone.localdate() - dt.timedelta(days=21)
        for i, (goal, status, learned) in enumerate(
            (
                ("Call every young person within three days", "done", "Calls reached a third."),
                ("Send a short message instead of calling", "done", "Messages were answered."),
                ("Meet at the youth club, not the office", "running", ""),
            )
        ):
            services.cycle_add(
                access=access,
                learning_question=lq,
                by=companion,
                goal=goal,
                theory_of_action="If we reach out quickly and on their ground, they come back.",
                status=status,
                learned=learned,
                planned_start=start + dt.timedelta(days=7 * i),
                planned_end=start + dt.timedelta(days=7 * i + 6),
                actual_start=start + dt.timedelta(days=7 * i + 1),
                actual_end=start + dt.timedelta(days=7 * i + 7) if status == "done" else None,
            )
        services.learning_question_set_stage(access=access, learning_question=lq, stage="implement")
        entry = services.log_entry_add(
            access=_access(staff[0], program),
            by=staff[0],
            written_on=timezone.localdate() - dt.timedelta(days=3),
            learnt="Young people answer messages, not calls.",
            patterns="We learn fastest when we try something small the same week.",
            learning_question=lq,
            share=True,
        )
        services.log_entry_add(
            access=_access(staff[0], program),
            by=staff[0],
            written_on=timezone.localdate() - dt.timedelta(days=1),
            learnt="I was impatient in today's meeting; next time I will wait.",
        )
        pattern = services.pattern_create(
            access=access,
            by=companion,
            kind="activity",
            name="Weekly small experiments",
            description="Each week the team tries one small change and looks at what happened.",
        )
        services.pattern_evidence_add(
            access=access, pattern=pattern, cycle=lq.cycles.first(), note="Three cycles in a row"
        )
        services.pattern_evidence_add(
            access=access, pattern=pattern, log_entry=entry, note="Named in a learning log"
        )
        services.pattern_create(
            access=access,
            by=companion,
            kind="dissemination",
            name="Principles brought to the department meeting",
        )
