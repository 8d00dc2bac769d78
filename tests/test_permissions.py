"""Who may open and change what: every view of the project, as every role, in one table.

The table below is the single statement of the access rules (DESIGN.md's role table, made
concrete). Every URL pattern of the project is requested, with ids filled from one program's
objects, as each person in the program's organization and as each person of another
organization, by GET and (for views that accept it) by POST:

- a refused POST must leave every table unchanged, an allowed one must change something;
- no GET changes anything (openings are audit-logged, which is not a change of the data);
- a view that only takes POST answers GET with 405;
- a URL name missing from the table fails the run.

Columns (the people of ``tests.conftest.build_world``):

=====  ==================================================================================
ano    anonymous: redirected to the login page (``L``)
dir    the organization's director
com    a member of the program's steering committee
tel    the staff member who told both stories ("teller"); wrote the private log entry
stf    another staff member; on the learning question's team
stu    the student assigned to the documented story; owns the workshop action item
st2    a student of the same program who is not assigned to it
cmp    the program's learning companion (assigned to the program)
unt    the LFS unit that trains and supports the companions
odr    the director of another organization, who must not even learn that these ids exist
ocm    a steering committee member of the other organization's program
ost    a staff member of the other organization
osu    a student of the other organization's program
ocp    a learning companion of the other organization's program
coo    the coordinator of the program's learning community (aggregates, never client data)
pdr    the director of a partner organization whose team takes part in the program
pst    a staff member of that partner organization, who told the partner's stories
=====  ==================================================================================

Every request runs in the world of ``tests.test_partner_stories.partner_world``: the program
belongs to a learning community and takes in a partner organization's team, which told stories
of its own. Status codes are checked on every database; what a request wrote is read off
PostgreSQL's per-transaction counters, so the "a refused request changes nothing / an allowed
one changes something" half of the table runs on PostgreSQL (CI's database).

The ids column names the objects the URL is filled with (``_args`` below; the data-heavy ones
come from the modules that test those features).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests import (
    test_analysis,
    test_audit,
    test_books,
    test_communities,
    test_data_rights,
    test_events,
    test_partner_stories,
    test_people,
    test_presentations,
    test_principles,
    test_reflection_templates,
    test_workshops,
)
from tests.urlnames import view_name

ROLES = ["anonymous", "director", "committee", "teller", "staff", "student", "student2",
         "companion", "unit", "other_director", "other_committee", "other_staff",
         "other_student", "other_companion", "coordinator", "partner_director",
         "partner_staff"]  # fmt: skip

L = "login"  # redirected to the login page


def _table(text: str) -> dict[str, tuple[str, list]]:
    rows = {}
    for line in text.strip().splitlines():
        if line.startswith("#"):
            continue
        name, kind, *cells = line.replace("|", " ").split()
        assert len(cells) == len(ROLES), f"{name}: {len(cells)} columns"
        assert name not in rows, f"{name} twice"
        rows[name] = (kind, [L if c == "L" else int(c) for c in cells])
    return rows


GET_MATRIX = _table("""
# url name                    ids              ano dir com tel stf stu st2 cmp unt | odr ocm ost osu ocp | coo pdr pst
home                          none               L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
program_dashboard             program            L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 200 200
nominations                   program            L 200 200 200 200 403 403 200 403 | 404 404 404 404 404 | 404 403 403
nominate                      program            L 200 200 200 200 403 403 403 403 | 404 404 404 404 404 | 404 403 403
criteria                      program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
criterion_edit                criterion          L 200 200 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
committee                     program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
meeting_create                program            L 200 200 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
coverage                      program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
meeting_detail                meeting            L 200 200 404 404 404 404 200 404 | 404 404 404 404 404 | 404 404 404
meeting_ics                   meeting            L 200 200 404 404 404 404 200 404 | 404 404 404 404 404 | 404 404 404
meeting_edit                  meeting            L 200 200 404 404 404 404 403 404 | 404 404 404 404 404 | 404 404 404
story_detail                  story              L 200 200 200 404 404 404 200 404 | 404 404 404 404 404 | 404 404 404
program_new                   org                L 200 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
documentation_overview        program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
story_documentation           doc                L 200 200 200 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
story_assign                  doc                L 200 200 403 404 403 404 200 404 | 404 404 404 404 404 | 404 404 404
interview_create              doc                L 200 403 403 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
client_identity               doc                L 200 404 404 404 200 404 404 404 | 404 404 404 404 404 | 404 404 404
draft_write                   doc                L 200 403 403 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
draft_compare                 doc                L 200 200 200 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
interview_detail              interview          L 200 200 404 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
interview_edit                interview          L 200 403 404 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
interview_file                file               L 200 403 404 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_add                   interview          L 200 403 404 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_withdraw              consent            L 200 403 404 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_evidence              consent            L 200 403 404 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_texts                 org                L 200 403 403 403 403 403 403 404 | 404 404 404 404 404 | 404 404 404
consent_text_edit             consent_text       L 200 403 403 403 403 403 403 404 | 404 404 404 404 404 | 404 404 404
draft_detail                  draft              L 200 200 200 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
principle_add                 doc                L 200 200 403 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
program_principles            program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
principle_matrix              program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
principle_matrix_csv          program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
principles_csv                program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
program_questions             program            L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 200 200
question_set_detail           question_set       L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 404 404
interview_guide               question_set       L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 404 404
question_set_adapt            org                L 200 403 403 403 403 403 200 404 | 404 404 404 404 404 | 404 404 404
program_books                 program            L 200 200 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
book_detail                   book               L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_edit                     book               L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_render_status            render             L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_render_download          render             L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_render_epub              render             L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_render_web               render             L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_preview                  book               L 200 200 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
workshops                     wprogram           L 200 200 200 200 200 200 200 403 | 404 404 404 404 404 | 404 403 403
workshop_plan                 wprogram           L 200 403 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
workshop_join                 none               L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
workshop_detail               workshop           L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
workshop_board                workshop           L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
workshop_summary              workshop           L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
summary_csv                   workshop           L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
summary_pdf                   workshop           L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
workshop_ics                  workshop           L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
workshop_room                 workshop           L 200 403 403 403 403 403 200 404 | 404 404 404 404 404 | 404 404 404
room_board                    workshop           L 200 403 403 403 403 403 200 404 | 404 404 404 404 404 | 404 404 404
guest_join                    wguest           200 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
guest_board                   wguest           403 403 403 403 403 403 403 403 403 | 403 403 403 403 403 | 403 403 403
guest_poll                    wguest           403 403 403 403 403 403 403 403 403 | 403 403 403 403 403 | 403 403 403
contribution_promote          contribution       L 200 403 403 403 403 403 200 404 | 404 404 404 404 404 | 404 404 404
learning_questions            wprogram           L 200 200 200 200 200 200 200 403 | 404 404 404 404 404 | 404 403 403
learning_question_detail      lq                 L 200 200 200 200 200 200 200 404 | 404 404 404 404 404 | 404 404 404
cycle_edit                    cycle              L 200 200 403 200 403 403 200 404 | 404 404 404 404 404 | 404 404 404
learning_log                  wprogram           L 200 200 200 200 200 200 200 403 | 404 404 404 404 404 | 404 403 403
learning_patterns             wprogram           L 200 200 200 200 200 200 200 403 | 404 404 404 404 404 | 404 403 403
unit_dashboard                none               L 403 403 403 403 403 403 403 200 | 403 403 403 403 403 | 403 403 403
companion_list                none               L 403 403 403 403 403 403 403 200 | 403 403 403 403 403 | 403 403 403
companion_detail              companion          L 404 404 404 404 404 404 404 200 | 404 404 404 404 404 | 404 404 404
cohort_list                   none               L 403 403 403 403 403 403 403 200 | 403 403 403 403 403 | 403 403 403
cohort_detail                 cohort             L 404 404 404 404 404 404 404 200 | 404 404 404 404 404 | 404 404 404
audit_log                     none               L 200 403 403 403 403 403 403 403 | 200 403 403 403 403 | 403 200 403
unit_audit_log                none               L 403 403 403 403 403 403 403 200 | 403 403 403 403 403 | 403 403 403
two_factor_setup              none               L 200 403 403 403 403 403 403 200 | 200 403 403 403 403 | 403 200 403
two_factor_verify             none               L 302 302 302 302 302 302 302 302 | 302 302 302 302 302 | 302 302 302
client_data                   client             L 200 403 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
client_export_json            client             L 200 403 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
client_export_pdf             client             L 200 403 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
client_erase                  client             L 200 403 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
program_export_json           program            L 200 403 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
reflection_templates          tpl.none           L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
reflection_template_new       tpl.none           L 403 403 403 403 403 403 200 200 | 403 403 403 403 200 | 403 403 403
reflection_template_detail    tpl.shared         L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 404 404
reflection_template_edit      tpl.shared         L 403 403 403 403 403 403 200 200 | 404 404 404 404 404 | 404 404 404
event_list                    ev.none            L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
event_new                     ev.none            L 200 403 403 403 403 403 200 200 | 200 403 403 403 200 | 200 200 403
event_detail                  ev.lecture         L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 404 404
event_ics                     ev.lecture         L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 404 404
event_edit                    ev.lecture         L 200 403 403 403 403 403 403 200 | 404 404 404 404 404 | 404 404 404
community_list                com.none           L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
community_create              com.none           L 403 403 403 403 403 403 403 200 | 403 403 403 403 403 | 403 403 403
community_detail              com.community      L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 200 200 200
community_manage              com.community      L 200 403 403 403 403 403 403 200 | 404 404 404 404 404 | 403 200 403
program_team_stories          com.program        L 403 403 403 403 403 403 403 403 | 404 404 404 404 404 | 404 200 200
library                       com.none           L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
library_story                 com.shared         L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 200 200 200
library_public                com.none         200 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
library_public_story          com.public_story 200 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
program_library_sharing       com.program        L 200 200 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
search                        none               L 200 200 200 200 200 200 200 200 | 200 200 200 200 200 | 200 200 200
program_timeline              program            L 200 200 200 200 200 200 200 200 | 404 404 404 404 404 | 404 200 200
people                        ppl.org            L 200 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
companion_invitations         none               L 403 403 403 403 403 403 403 200 | 403 403 403 403 403 | 403 403 403
populations                   program            L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
codebook                      ana.program        L 200 200 403 403 200 200 200 403 | 404 404 404 404 404 | 404 200 403
code_detail                   ana.code           L 200 200 403 403 200 200 200 403 | 404 404 404 404 404 | 404 200 403
code_edit                     ana.code           L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
export_qdc                    ana.program        L 200 200 403 403 200 200 200 403 | 404 404 404 404 404 | 404 200 403
export_qdpx                   ana.program        L 200 200 403 403 200 200 200 403 | 404 404 404 404 404 | 404 200 403
import_qdc                    ana.program        L 200 200 403 403 403 403 200 403 | 404 404 404 404 404 | 404 403 403
interview_coding              ana.interview      L 200 200 404 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
principle_draft               ana.draft          L 200 200 403 403 200 404 200 403 | 404 404 404 404 404 | 404 404 403
matrix_cell                   ana.cell           L 200 200 404 404 200 404 200 404 | 404 404 404 404 404 | 404 404 404
""")

# POSTs: 302/200 = allowed (something changes), anything else = refused (nothing changes).
POST_MATRIX = _table("""
# url name                    ids              ano dir com tel stf stu st2 cmp unt | odr ocm ost osu ocp | coo pdr pst
program_stage                 program            L 302 403 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
criterion_move                criterion          L 302 302 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
criterion_delete              criterion          L 302 302 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
assessment_save               assess             L 403 302 403 404 404 404 403 404 | 404 404 404 404 404 | 404 404 404
assessments_save              story              L 403 302 403 404 404 404 403 404 | 404 404 404 404 404 | 404 404 404
decision_save                 decide             L 302 302 404 404 404 404 403 404 | 404 404 404 404 404 | 404 404 404
meeting_decision_add          meeting            L 302 302 404 404 404 404 403 404 | 404 404 404 404 404 | 404 404 404
committee_edit                program            L 302 403 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
committee_member_add          program            L 302 403 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
committee_member_remove       member             L 302 403 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
program_new                   org                L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
story_assign                  doc                L 302 302 403 404 403 404 302 404 | 404 404 404 404 404 | 404 404 404
interview_create              doc                L 302 403 403 404 302 404 403 404 | 404 404 404 404 404 | 404 404 404
client_identity               doc                L 302 404 404 404 302 404 404 404 | 404 404 404 404 404 | 404 404 404
draft_write                   doc                L 302 403 403 404 302 404 403 404 | 404 404 404 404 404 | 404 404 404
interview_edit                interview          L 302 403 404 404 302 404 403 404 | 404 404 404 404 404 | 404 404 404
answer_autosave               answer             L 200 403 404 404 200 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_add                   interview          L 302 403 404 404 302 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_withdraw              consent            L 302 403 404 404 302 404 403 404 | 404 404 404 404 404 | 404 404 404
consent_text_edit             consent_text       L 302 403 403 403 403 403 403 404 | 404 404 404 404 404 | 404 404 404
draft_comment                 draft              L 302 302 302 404 302 404 302 404 | 404 404 404 404 404 | 404 404 404
draft_approve                 draft              L 302 302 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
principle_add                 doc                L 302 302 403 404 302 404 302 404 | 404 404 404 404 404 | 404 404 404
evidence_add                  principle          L 302 302 403 404 302 404 302 404 | 404 404 404 404 404 | 404 404 404
program_principles            program            L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
principles_merge              program            L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
question_set_adapt            org                L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
program_books                 program            L 302 302 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
book_edit                     book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_entry_add                book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_entries_order            book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_entry_move               entry              L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_entry_remove             entry              L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_publications             book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
publication_add               book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_render_request           book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
book_cover                    book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
workshop_plan                 wprogram           L 302 403 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
workshop_join                 none               L 302 302 302 302 302 302 302 400 | 400 400 400 400 400 | 400 400 400
workshop_join_here            workshop           L 302 302 302 302 302 302 302 404 | 404 404 404 404 404 | 404 404 404
workshop_open                 wplanned           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_step                 workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_contribute           workshop           L 302 302 302 302 302 302 302 404 | 404 404 404 404 404 | 404 404 404
workshop_reveal               workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_timer                workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_group                workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_voting               workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_action               workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_close                workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
contribution_group            contribution       L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
contribution_remove           contribution       L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
contribution_merge            workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_breakout             workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
breakout_report               workshop           L 302 302 302 302 302 302 302 404 | 404 404 404 404 404 | 404 404 404
guest_breakout_report         wguest           403 403 403 403 403 403 403 403 403 | 403 403 403 403 403 | 403 403 403
workshop_guest_link           workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
workshop_open_ahead           wplanned           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
summary_send                  workshop           L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
guest_join                    wguest           302 302 302 302 302 302 302 302 302 | 302 302 302 302 302 | 302 302 302
guest_contribute              wguest           403 403 403 403 403 403 403 403 403 | 403 403 403 403 403 | 403 403 403
guest_vote                    wguestc          403 403 403 403 403 403 403 403 403 | 403 403 403 403 403 | 403 403 403
contribution_vote             contribution       L 302 302 302 302 302 302 302 404 | 404 404 404 404 404 | 404 404 404
contribution_promote          contribution       L 302 403 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
action_item_done              action_item        L 302 403 403 403 302 403 302 404 | 404 404 404 404 404 | 404 404 404
learning_questions            wprogram           L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
learning_question_stage       lq                 L 302 302 403 302 403 403 302 404 | 404 404 404 404 404 | 404 404 404
cycle_add                     lq                 L 302 302 403 302 403 403 302 404 | 404 404 404 404 404 | 404 404 404
cycle_edit                    cycle              L 302 302 403 302 403 403 302 404 | 404 404 404 404 404 | 404 404 404
learning_log                  wprogram           L 302 302 302 302 302 302 302 403 | 404 404 404 404 404 | 404 403 403
log_entry_share               log                L 404 404 302 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
learning_patterns             wprogram           L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
pattern_evidence_add          pattern            L 302 302 403 403 403 403 302 404 | 404 404 404 404 404 | 404 404 404
companion_list                none               L 403 403 403 403 403 403 403 302 | 403 403 403 403 403 | 403 403 403
companion_detail              companion          L 404 404 404 404 404 404 404 302 | 404 404 404 404 404 | 404 404 404
companion_assign              companion          L 404 404 404 404 404 404 404 302 | 404 404 404 404 404 | 404 404 404
support_session_add           companion          L 404 404 404 404 404 404 404 302 | 404 404 404 404 404 | 404 404 404
assignment_end                assignment         L 404 404 404 404 404 404 404 302 | 404 404 404 404 404 | 404 404 404
cohort_list                   none               L 403 403 403 403 403 403 403 302 | 403 403 403 403 403 | 403 403 403
cohort_detail                 cohort             L 404 404 404 404 404 404 404 302 | 404 404 404 404 404 | 404 404 404
attendance_save               tsession           L 404 404 404 404 404 404 404 302 | 404 404 404 404 404 | 404 404 404
two_factor_setup              none               L 302 403 403 403 403 403 403 302 | 302 403 403 403 403 | 403 302 403
two_factor_verify             none               L 302 302 302 302 302 302 302 302 | 302 302 302 302 302 | 302 302 302
client_erase                  client             L 302 403 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
reflection_template_new       tpl.none           L 403 403 403 403 403 403 302 302 | 403 403 403 403 302 | 403 403 403
reflection_template_edit      tpl.shared         L 403 403 403 403 403 403 302 302 | 404 404 404 404 404 | 404 404 404
event_new                     ev.none            L 302 403 403 403 403 403 302 302 | 400 403 403 403 400 | 400 400 403
event_edit                    ev.lecture         L 302 403 403 403 403 403 403 302 | 404 404 404 404 404 | 404 404 404
event_register                ev.lecture         L 302 302 302 302 302 302 302 302 | 404 404 404 404 404 | 404 404 404
event_unregister              ev.lecture         L 302 302 302 302 302 302 302 302 | 404 404 404 404 404 | 404 404 404
event_attendance              ev.today           L 404 404 404 404 404 404 404 302 | 302 403 403 403 403 | 404 404 404
book_presentation_request     book               L 302 302 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
community_create              com.none           L 403 403 403 403 403 403 403 302 | 403 403 403 403 403 | 403 403 403
community_organization_add    com.community      L 403 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 403 403
community_organization_remove com.member         L 403 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 403 403
community_coordinator_add     com.community      L 403 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 403 403
community_coordinator_remove  com.coordinator    L 403 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 403 403
community_program_attach      com.community      L 302 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 400 403
community_team_add            com.community      L 302 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 400 403
community_team_remove         com.team           L 302 403 403 403 403 403 403 302 | 404 404 404 404 404 | 403 404 403
principle_link_create         com.community      L 302 403 403 403 403 403 403 302 | 404 404 404 404 404 | 302 302 403
principle_link_delete         com.link           L 302 403 403 403 403 403 403 302 | 404 404 404 404 404 | 302 302 403
story_share                   com.doc            L 302 302 403 404 403 404 403 404 | 404 404 404 404 404 | 404 404 404
organization_library_public   com.org            L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
invite                        ppl.org            L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
membership_role               ppl.membership     L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
membership_remove             ppl.membership     L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
person_deactivate             ppl.person         L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
invitation_withdraw           ppl.invitation     L 302 404 404 404 404 404 404 404 | 404 404 404 404 404 | 404 404 404
companion_invitations         none               L 403 403 403 403 403 403 403 302 | 403 403 403 403 403 | 403 403 403
populations                   program            L 302 302 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
population_edit               ppl.term           L 302 302 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
population_merge              ppl.term           L 302 302 403 403 403 403 403 403 | 404 404 404 404 404 | 404 403 403
codebook                      ana.program        L 302 302 403 403 302 302 302 403 | 404 404 404 404 404 | 404 302 403
codes_merge                   ana.program        L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
code_edit                     ana.code           L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
code_delete                   ana.code           L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
import_qdc                    ana.program        L 302 302 403 403 403 403 302 403 | 404 404 404 404 404 | 404 403 403
interview_coding              ana.interview      L 302 302 404 404 302 404 302 404 | 404 404 404 404 404 | 404 404 404
passage_codes                 ana.passage        L 302 302 404 404 302 404 302 404 | 404 404 404 404 404 | 404 404 404
passage_delete                ana.passage        L 302 302 404 404 302 404 302 404 | 404 404 404 404 404 | 404 404 404
principle_draft               ana.draft          L 302 302 403 403 302 404 302 403 | 404 404 404 404 404 | 404 404 403
""")

#: Allowed POSTs that change no table: the second factor only marks the session as verified.
POSTS_THAT_CHANGE_ONLY_THE_SESSION = {"two_factor_verify"}

_FROM_MODULE = {
    test_principles: ("principle", "question_set"),
    test_books: ("book", "render", "entry"),
    test_data_rights: ("client",),
    test_workshops: ("wprogram", "workshop", "wplanned", "contribution", "action_item", "lq",
                     "cycle", "log", "pattern", "companion", "assignment", "cohort", "tsession",
                     "wguest", "wguestc"),
}  # fmt: skip


#: Kinds written "prefix.name" are filled by that module's ``extra_args(world, name)``.
_PREFIXED = {
    "tpl": test_reflection_templates,
    "ev": test_events,
    "com": test_communities,
    "ppl": test_people,
    "ana": test_analysis,
}


def _args(world, kind: str) -> list:
    if "." in kind:
        prefix, name = kind.split(".", 1)
        return _PREFIXED[prefix].extra_args(world, name)
    for module, kinds in _FROM_MODULE.items():
        if kind in kinds:
            return module.extra_args(world, kind)
    criterion = world.program.criteria.first()
    return {
        "none": lambda: [],
        "program": lambda: [world.program.pk],
        "criterion": lambda: [world.program.pk, criterion.pk],
        "meeting": lambda: [world.meeting.pk],
        "story": lambda: [world.story.pk],
        "assess": lambda: [world.story.pk, criterion.pk],
        "decide": lambda: [world.meeting.pk, world.story.pk],
        "org": lambda: [world.org.pk],
        "member": lambda: [world.program.pk, world.committee2.pk],
        "doc": lambda: [world.doc_story.pk],
        "interview": lambda: [world.interview.pk],
        "file": lambda: [world.interview.pk, "transcript"],
        "consent": lambda: [world.consent.pk],
        "consent_text": lambda: [world.org.pk, "publication", "he"],
        "draft": lambda: [world.draft.pk],
        "answer": lambda: [world.interview.pk, world.interview.question_set.questions.first().pk],
    }[kind]()


POST_DATA = {
    "program_stage": {"direction": "-1", "confirmed": "yes"},
    "criterion_move": {"direction": "down"},
    "criterion_delete": {"confirmed": "yes"},
    "assessment_save": lambda w: {
        f"c{w.program.criteria.first().pk}-verdict": "met",
        f"c{w.program.criteria.first().pk}-note": "",
    },
    "assessments_save": lambda w: {
        f"c{w.program.criteria.first().pk}-verdict": "met",
        f"c{w.program.criteria.first().pk}-note": "",
    },
    "decision_save": lambda w: {
        f"s{w.story.pk}-outcome": "selected",
        f"s{w.story.pk}-reasons": "The story shows clearly how the worker and client built trust.",
    },
    "meeting_decision_add": {"text": "Invite the department heads to the next meeting."},
    "committee_edit": {"name": "Riverside committee", "mandate": "Selects the stories."},
    "committee_member_add": lambda w: {"user": w.staff.pk},
    "committee_member_remove": {"confirmed": "yes"},
    "program_new": {"title": "A second program"},
    "story_assign": lambda w: {"students": [w.student.pk, w.student2.pk]},
    "interview_create": {
        "interviewee_role": "social_worker",
        "interviewee_label": "Maya",
        "held_on": "2026-11-02",
    },
    "client_identity": {"real_name": "Someone Else", "contact_details": "", "notes": ""},
    "draft_write": {"body": "A third version of the story.", "note": ""},
    "interview_edit": lambda w: {
        "interviewee_role": "client",
        "interviewee_label": "Mrs. H.",
        "held_on": "2026-11-01",
        "place": "",
        "notes": "Changed notes",
    },
    "answer_autosave": lambda w: {
        f"answer_{w.interview.question_set.questions.first().pk}": "An autosaved answer"
    },
    "consent_add": {
        "scope": "recording",
        "given_on": "2026-11-01",
        "method": "oral",
        "consent_language": "en",
    },
    "consent_withdraw": {"withdrawn_on": "2026-11-20", "withdrawal_reason": "Changed her mind."},
    "consent_text_edit": {
        "label": "Form 2026",
        "text": "אני מסכים שסיפור המבוסס על הראיון שלי יפורסם בשם בדוי ובלי פרטים מזהים.",
    },
    "draft_comment": {"body": "Please check the dates."},
    "draft_approve": {},
}
for _module in (
    test_analysis,
    test_principles,
    test_books,
    test_workshops,
    test_audit,
    test_data_rights,
    test_reflection_templates,
    test_events,
    test_presentations,
    test_communities,
    test_people,
):
    assert not set(POST_DATA) & set(_module.EXTRA_POST_DATA)
    POST_DATA.update(_module.EXTRA_POST_DATA)


#: Set-up run before each person's request, inside the savepoint (e.g. registered first, so
#: that unregistering can change something).
def _draft_open(world, user) -> None:
    """The documented story is approved in the community world (it is shared); a new version
    or a comment is written while the committee has not approved it yet."""
    from stories.models import StoryApproval

    StoryApproval.objects.filter(story=world.doc_story).delete()


PREPARE = {
    **test_events.EXTRA_PREPARE,
    **test_workshops.EXTRA_PREPARE,
    "draft_write": _draft_open,
    "draft_comment": _draft_open,
}


#: Written by any request and not part of what a request may or may not change: the session,
#: the audit log (refusals and openings are recorded), login bookkeeping.
BOOKKEEPING_TABLES = {
    "django_session",
    "organizations_auditevent",
    "organizations_loginfailure",
    "organizations_user",  # last_login, written by the log-in before the request
}


def _writes(world):
    """What has been written so far in this transaction: PostgreSQL's own per-transaction
    counters of inserted, updated and deleted rows, table by table (one query, and no table
    can be forgotten)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {
            name: counts for name, *counts in cursor.fetchall() if name not in BOOKKEEPING_TABLES
        }


def _changed(before: dict, after: dict) -> str:
    return ", ".join(sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t)))


def _problem(response, expected) -> str | None:
    if expected == L:
        if response.status_code == 302 and response["Location"].startswith(reverse("login")):
            return None
        return f"expected a redirect to the login page, got {response.status_code}"
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    return None


def _people(world) -> dict:
    return {
        **world.people(),
        "coordinator": world._coordinator,
        "partner_director": world._p_director,
        "partner_staff": world._p_staff,
    }


def _each_role(world, client, url_name, matrix, request, check_change):
    """Requests the URL as every person in turn. The world is built once per row; each
    person's request runs in a savepoint that is rolled back, so every person meets the same
    data. The objects the row needs (and its POST data) are made before the first snapshot."""
    test_partner_stories.partner_world(world)
    counts_writes = connection.vendor == "postgresql"
    kind, expectations = matrix[url_name]
    url = reverse(view_name(url_name), args=_args(world, kind))
    people = _people(world)
    problems = []
    for role, expected in zip(ROLES, expectations, strict=True):
        with transaction.atomic():
            client.logout()
            if (user := people[role]) is not None:
                client.force_login(user)
            if prepare := PREPARE.get(url_name):
                prepare(world, user)
            before = _writes(world) if counts_writes else {}
            response = request(client, url)
            problem = _problem(response, expected)
            if not problem and counts_writes:
                problem = check_change(role, expected, _changed(before, _writes(world)))
            if problem:
                problems.append(f"{role}: {problem}")
            transaction.set_rollback(True)
    assert not problems, f"{url_name} ({kind}):\n" + "\n".join(problems)


@pytest.mark.parametrize("url_name", list(GET_MATRIX))
def test_get_access_follows_the_role_table(world, client, url_name):
    def no_change(role, expected, changed):
        return f"the GET changed {changed}" if changed else None

    _each_role(world, client, url_name, GET_MATRIX, lambda c, url: c.get(url), no_change)


@pytest.mark.parametrize("url_name", list(POST_MATRIX))
def test_post_access_follows_the_role_table(world, client, url_name):
    data = POST_DATA[url_name]
    data = data(world) if callable(data) else data

    def change_rule(role, expected, changed):
        if expected not in (200, 302) or url_name in POSTS_THAT_CHANGE_ONLY_THE_SESSION:
            return f"a refused request changed {changed}" if changed else None
        if role != "anonymous" and not changed:
            return "an allowed request changed nothing"
        return None

    _each_role(world, client, url_name, POST_MATRIX, lambda c, url: c.post(url, data), change_rule)


@pytest.mark.parametrize("url_name", [name for name in POST_MATRIX if name not in GET_MATRIX])
def test_post_only_views_refuse_get(world, login, url_name):
    kind, _expectations = POST_MATRIX[url_name]
    response = login(world.director).get(reverse(view_name(url_name), args=_args(world, kind)))
    assert response.status_code == 405


PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
    "set_language",
    "healthz",
    "accept",  # an invitation's page: its token is the key, no sign-in (tests/test_people.py)
}


def test_every_project_url_is_in_the_table():
    """A new view must get a row in the table above (or be one of the public pages)."""
    from django.urls import get_resolver

    tables = [GET_MATRIX, POST_MATRIX]
    names = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if getattr(p, "namespace", None) == "admin":
                    continue
                walk(p.url_patterns, p.namespace)
            elif p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    missing = names - PUBLIC - set().union(*tables)
    assert not missing, f"views without an access expectation: {sorted(missing)}"


def test_staff_sees_only_their_own_nominations(world, login):
    from tests.factories import StoryFactory

    StoryFactory(program=world.program, told_by=world.staff, title="Sam's own success")
    response = login(world.teller).get(reverse("stories:nominations", args=[world.program.pk]))
    assert b"Back to work" in response.content
    assert "Sam's own success" not in response.content.decode()


def test_unit_sees_progress_but_no_client_pseudonym(world, login):
    response = login(world.unit).get(
        reverse("dashboard:program_dashboard", args=[world.program.pk])
    )
    assert response.status_code == 200
    assert world.story.client_pseudonym not in response.content.decode()


def test_teller_reads_the_decision_and_its_reasons(world, login):
    from tests.factories import DecisionFactory

    DecisionFactory(
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons="We chose another story from the same department this year.",
    )
    response = login(world.teller).get(reverse("stories:story_detail", args=[world.story.pk]))
    body = response.content.decode()
    assert "We chose another story from the same department this year." in body
    assert (
        "Assessment against the criteria" not in body
    )  # the committee's deliberation stays inside
