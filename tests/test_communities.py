"""Learning communities and the shared library: who sees and changes what, coordinators seeing
no client data, partner organizations' teams seeing only their own stories, and the sharing
rules of the library (shared, approved, consent standing, not erased)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from methods.selectors import question_set_default
from organizations.models import Community, Organization, Program, ProgramTeam, Role
from organizations.services import membership_ensure, program_create
from stories.models import (
    Answer,
    ClientIdentity,
    Consent,
    Interview,
    Principle,
    PrincipleLink,
    StoryApproval,
    StoryDraft,
    StoryErasure,
    StoryShare,
)
from tests.urlnames import view_name

from .factories import OrganizationFactory, StoryFactory, UserFactory

# Building the community -------------------------------------------------------------------

REAL_NAME = "Yael Zohar-Realname"
PSEUDONYM = "Client Quill"
ANSWER_TEXT = "An answer from the interview that never leaves the organization"
CONSENT_FORM = "Northside consent form 7"


def documented_story(
    *,
    program: Program,
    teller,
    interviewer,
    title: str,
    body: str,
    pseudonym: str,
    real_name: str,
    withdrawn: bool = False,
    principle: tuple[str, str, str] | None = None,
    shared: bool = True,
):
    """A selected story with a client interview (one answer), publication consent (withdrawn or
    not), an approved draft, a restricted identity record, a principle, and a share."""
    story = StoryFactory(
        program=program,
        told_by=teller,
        title=title,
        status="selected",
        client_pseudonym=pseudonym,
        department=program.organization.departments.first()
        or program.organization.departments.create(name="General"),
    )
    question_set = question_set_default()
    interview = Interview.objects.create(
        story=story,
        interviewee_role="client",
        interviewee_label=pseudonym,
        held_on=dt.date(2026, 10, 1),
        interviewer=interviewer,
        question_set=question_set,
    )
    Answer.objects.create(
        interview=interview, question=question_set.questions.first(), text=ANSWER_TEXT
    )
    Consent.objects.create(
        interview=interview,
        scope="publication",
        given_on=dt.date(2026, 10, 1),
        method="written",
        consent_text_version=CONSENT_FORM,
        recorded_by=interviewer,
        withdrawn_on=dt.date(2026, 10, 20) if withdrawn else None,
    )
    draft = StoryDraft.objects.create(
        story=story, version=1, body=body, body_html=f"<p>{body}</p>", author=interviewer
    )
    StoryApproval.objects.create(story=story, draft=draft, approved_by=interviewer)
    ClientIdentity.objects.create(story=story, real_name=real_name, recorded_by=interviewer)
    if principle:
        situation, goal, action = principle
        Principle.objects.create(story=story, situation=situation, goal=goal, action=action)
    if shared:
        StoryShare.objects.create(story=story, shared_by=interviewer)
    return story


def community_world(world):
    """world.org and two more organizations (Northside, a youth service, with its own shared
    story, and Eastside, with a team in world.program) in one community with a coordinator;
    world.program belongs to it; world.org has shared its documented story. Idempotent."""
    if getattr(world, "_community", None) is not None:
        return world._community
    community = Community.objects.create(name="Valley network", description="Learning together")
    northside = OrganizationFactory(
        name="Northside Youth", kind=Organization.Kind.YOUTH, library_public=True
    )
    eastside = OrganizationFactory(name="Eastside Schools", kind=Organization.Kind.SCHOOL)
    westside = OrganizationFactory(name="Westside Health")  # not a member
    community.organizations.add(world.org, northside, eastside)
    coordinator = UserFactory(full_name="Cleo Coordinator", email="cleo@example.org")
    community.coordinators.add(coordinator)
    world.program.community = community
    world.program.save(update_fields=["community"])
    ProgramTeam.objects.create(program=world.program, organization=eastside)
    second = program_create(organization=world.org, title="Second program")

    # world.org shares its documented story (approved, consented), with a principle.
    StoryApproval.objects.get_or_create(
        story=world.doc_story, defaults={"draft": world.draft, "approved_by": world.director}
    )
    StoryShare.objects.create(story=world.doc_story, shared_by=world.director)
    ours = Principle.objects.create(
        story=world.doc_story,
        situation="a client who fears losing control",
        goal="a plan the client owns",
        action="agree each step with the client before taking it",
    )
    # Northside's own program and shared story.
    n_director = UserFactory(full_name="Nadia North", email="nadia@example.org")
    membership_ensure(user=n_director, organization=northside, role=Role.DIRECTOR)
    n_staff = UserFactory(full_name="Nir North", email="nir@example.org")
    membership_ensure(user=n_staff, organization=northside, role=Role.STAFF)
    n_program = program_create(organization=northside, title="Northside program")
    n_story = documented_story(
        program=n_program,
        teller=n_staff,
        interviewer=n_director,
        title="The stairwell homework club",
        body="The older children ran the club and every child passed the year.",
        pseudonym=PSEUDONYM,
        real_name=REAL_NAME,
        principle=("children who do not ask for help", "steady learning", "let them lead"),
    )
    theirs = n_story.principles.get()
    link = PrincipleLink.objects.create(
        community=community, text="Let the client lead", created_by=coordinator
    )
    link.principles.set([ours, theirs])
    world._community = community
    world._northside, world._eastside, world._westside = northside, eastside, westside
    world._coordinator, world._second = coordinator, second
    world._n_director, world._n_staff, world._n_program = n_director, n_staff, n_program
    world._n_story, world._ours, world._theirs, world._link = n_story, ours, theirs, link
    return community


def extra_args(world, kind: str) -> list[int]:
    c = community_world(world)
    return {
        "none": [],
        "community": [c.pk],
        "member": [c.pk, world._eastside.pk],
        "coordinator": [c.pk, world._coordinator.pk],
        "team": [c.pk, ProgramTeam.objects.get(organization=world._eastside).pk],
        "program": [world.program.pk],
        "doc": [world.doc_story.pk],
        "shared": [world.doc_story.pk],
        "public_story": [world._n_story.pk],
        "link": [world._link.pk],
        "org": [world.org.pk],
    }[kind]


def _link_post(world) -> dict:
    c = community_world(world)
    return {
        f"link{c.pk}-text": "Plan with the client",
        f"link{c.pk}-principles": [
            world._ours.pk,
            world._theirs.pk,
        ],
    }


EXTRA_POST_DATA = {
    "community_create": {"name": "Coastal network", "description": ""},
    "community_organization_add": lambda w: {"organization": community_world(w) and w._westside.pk},
    "community_organization_remove": {},
    "community_coordinator_add": lambda w: {"email": w.committee2.email},
    "community_coordinator_remove": {},
    "community_program_attach": lambda w: {"program": community_world(w) and w._second.pk},
    "community_team_add": lambda w: {
        "program": w.program.pk,
        "organization": community_world(w) and w._northside.pk,
    },
    "community_team_remove": {},
    "principle_link_create": _link_post,
    "principle_link_delete": {},
    "story_share": {"action": "unshare"},
    "organization_library_public": {"public": "1"},
}


def _state(world) -> tuple:
    community_world(world)
    return (
        list(Community.objects.order_by("pk").values_list("name", flat=True)),
        list(Community.organizations.through.objects.order_by("pk").values_list("pk", flat=True)),
        list(Community.coordinators.through.objects.order_by("pk").values_list("pk", flat=True)),
        list(Program.objects.order_by("pk").values_list("pk", "community_id")),
        list(ProgramTeam.objects.order_by("pk").values_list("program_id", "organization_id")),
        list(StoryShare.objects.order_by("pk").values_list("story_id", flat=True)),
        list(PrincipleLink.objects.order_by("pk").values_list("text", flat=True)),
        PrincipleLink.principles.through.objects.count(),
        list(Organization.objects.order_by("pk").values_list("library_public", flat=True)),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


def test_coordinator_sees_aggregates_but_no_client_data(world, login):
    from methods.models_workshops import Workshop

    community_world(world)
    Workshop.objects.create(
        program=world.program,
        method="retrospective",
        title="Valley retrospective",
        scheduled_for=timezone.now() + dt.timedelta(days=5),
    )
    Workshop.objects.create(
        program=world.program,
        method="retrospective",
        title="A workshop already held",
        scheduled_for=timezone.now() - dt.timedelta(days=5),
    )
    client = login(world._coordinator)
    page = client.get(reverse("communities:community_detail", args=[world._community.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Riverside Social Services", "Northside Youth", "Learning from success 2026"):
        assert name in html
    assert "Valley retrospective" in html and "A workshop already held" not in html
    # Aggregates only: no story title, pseudonym, real name, interview or draft text.
    for secret in (
        world.doc_story.client_pseudonym,
        world.story.client_pseudonym,
        PSEUDONYM,
        REAL_NAME,
        "Hanna Halabi",
        world.doc_story.title,
        world.draft.body,
        ANSWER_TEXT,
    ):
        assert secret not in html, secret
    listing = client.get(reverse("communities:community_list")).content.decode()
    assert "Valley network" in listing and PSEUDONYM not in listing
    # Every client-data URL of every member organization is a 404 for the coordinator.
    n_story = world._n_story
    n_interview = n_story.interviews.get()
    for name, args in [
        ("story_detail", [world.doc_story.pk]),
        ("story_documentation", [world.doc_story.pk]),
        ("interview_detail", [world.interview.pk]),
        ("draft_detail", [world.draft.pk]),
        ("client_identity", [world.doc_story.pk]),
        ("consent_evidence", [world.consent.pk]),
        ("draft_compare", [world.doc_story.pk]),
        ("story_detail", [n_story.pk]),
        ("story_documentation", [n_story.pk]),
        ("interview_detail", [n_interview.pk]),
        ("client_identity", [n_story.pk]),
        ("draft_detail", [n_story.drafts.get().pk]),
    ]:
        assert client.get(reverse(view_name(name), args=args)).status_code == 404, name
    # Program pages (nominations, principles with their evidence) are not theirs either.
    for name in ("program_dashboard", "nominations", "program_principles", "principle_matrix"):
        assert client.get(reverse(view_name(name), args=[world.program.pk])).status_code == 404, (
            name
        )


def test_community_page_shows_counts_of_selected_documented_and_approved(world, login):
    community_world(world)
    html = login(world.director).get(
        reverse("communities:community_detail", args=[world._community.pk])
    )
    row = html.content.decode().split("Learning from success 2026", 1)[1].split("</tr>", 1)[0]
    # world.program: one selected story (doc_story), with a draft, approved.
    cells = [c.split(">", 1)[1] for c in row.split("<td")[1:]]
    assert [c.split("<", 1)[0].strip() for c in cells] == ["Selection", "1", "1", "1"]
    assert "Eastside Schools" in row  # the partner team


# Partner organizations' teams -------------------------------------------------------------


def test_partner_team_sees_the_program_and_only_its_own_organizations_stories(world, login):
    community_world(world)
    eastside = world._eastside
    e_director = UserFactory(full_name="Eden East", email="eden@example.org")
    membership_ensure(user=e_director, organization=eastside, role=Role.DIRECTOR)
    e_staff = UserFactory(full_name="Ezra East", email="ezra@example.org")
    membership_ensure(user=e_staff, organization=eastside, role=Role.STAFF)
    e_other = UserFactory(full_name="Edna East", email="edna@example.org")
    membership_ensure(user=e_other, organization=eastside, role=Role.STAFF)
    e_story = documented_story(
        program=world.program,
        teller=e_staff,
        interviewer=e_director,
        title="Eastside's own success",
        body="A pupil came back to class.",
        pseudonym="Pupil E.",
        real_name="Real Eastside Pupil",
        shared=False,
    )
    client = login(e_director)
    assert (
        client.get(reverse("dashboard:program_dashboard", args=[world.program.pk])).status_code
        == 200
    )
    assert world.program in [
        p for p in __import__("organizations.selectors").selectors.program_list_for_user(e_director)
    ]
    page = client.get(
        reverse("communities:program_team_stories", args=[world.program.pk])
    ).content.decode()
    assert "Eastside&#x27;s own success" in page or "Eastside's own success" in page
    assert world.story.title not in page and world.doc_story.title not in page
    # Their own organization's story, with its client data, is theirs (the director's).
    assert client.get(reverse("stories:story_detail", args=[e_story.pk])).status_code == 200
    assert (
        client.get(reverse("documentation:client_identity", args=[e_story.pk])).status_code == 200
    )
    # The host organization's stories and client data are not.
    for name, args in [
        ("story_detail", [world.story.pk]),
        ("story_detail", [world.doc_story.pk]),
        ("story_documentation", [world.doc_story.pk]),
        ("interview_detail", [world.interview.pk]),
        ("draft_detail", [world.draft.pk]),
        ("client_identity", [world.doc_story.pk]),
    ]:
        assert client.get(reverse(view_name(name), args=args)).status_code == 404, name
    for name in ("nominations", "documentation_overview", "program_principles"):
        assert client.get(reverse(view_name(name), args=[world.program.pk])).status_code == 403, (
            name
        )
    # A partner staff member sees the stories they told, not a colleague's.
    other_page = login(e_other).get(
        reverse("communities:program_team_stories", args=[world.program.pk])
    )
    assert "own success" not in other_page.content.decode()
    assert login(e_other).get(reverse("stories:story_detail", args=[e_story.pk])).status_code == 404
    teller_page = login(e_staff).get(
        reverse("communities:program_team_stories", args=[world.program.pk])
    )
    assert "own success" in teller_page.content.decode()

    # The other direction: the host's director, committee and students never see the partner
    # organization's story or its client data, and it is not among their nominations.
    for host in (world.director, world.committee, world.companion, world.student):
        c = login(host)
        for name, args in [
            ("story_detail", [e_story.pk]),
            ("story_documentation", [e_story.pk]),
            ("client_identity", [e_story.pk]),
            ("interview_detail", [e_story.interviews.get().pk]),
            ("draft_detail", [e_story.drafts.get().pk]),
        ]:
            assert c.get(reverse(view_name(name), args=args)).status_code == 404, (host, name)
    nominations = login(world.director).get(reverse("stories:nominations", args=[world.program.pk]))
    assert "own success" not in nominations.content.decode()
    assert world.story.title in nominations.content.decode()


def test_a_partner_team_ends_when_removed(world, login):
    community_world(world)
    e_director = UserFactory(full_name="Eden East", email="eden@example.org")
    membership_ensure(user=e_director, organization=world._eastside, role=Role.DIRECTOR)
    url = reverse("dashboard:program_dashboard", args=[world.program.pk])
    assert login(e_director).get(url).status_code == 200
    team = ProgramTeam.objects.get(organization=world._eastside)
    login(world.unit).post(
        reverse("communities:community_team_remove", args=[world._community.pk, team.pk])
    )
    assert login(e_director).get(url).status_code == 404


def test_single_organization_programs_are_unchanged_for_a_member_of_two_organizations(world, login):
    """A person with roles in two organizations, neither a partner team of the other's program,
    keeps seeing each organization's program as before and nothing more."""
    membership_ensure(user=world.teller, organization=world.other_org, role=Role.STAFF)
    client = login(world.teller)
    assert (
        client.get(reverse("dashboard:program_dashboard", args=[world.program.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("stories:story_detail", args=[world.other_story.pk])).status_code == 404
    )


# The library's sharing rules --------------------------------------------------------------


def _library_htmls(client, query: str = "") -> str:
    pages = [
        client.get(reverse("library:library"), {"q": query} if query else {}),
        client.get(reverse("library:library_public"), {"q": query} if query else {}),
    ]
    return "".join(p.content.decode() for p in pages)


def test_a_shared_story_appears_in_another_organizations_library_without_client_data(world, login):
    community_world(world)
    client = login(world.director)
    html = client.get(reverse("library:library")).content.decode()
    assert world._n_story.title in html
    assert "let them lead" in html  # its principle of action
    story_page = client.get(
        reverse("library:library_story", args=[world._n_story.pk])
    ).content.decode()
    assert "every child passed the year" in story_page
    for secret in (REAL_NAME, PSEUDONYM, ANSWER_TEXT, CONSENT_FORM):
        assert secret not in html and secret not in story_page, secret
    # The principle link shows that the principle recurs in two organizations and fields.
    assert "Let the client lead" in html
    assert "In 2 organizations" in html and "2 fields" in html


def test_unshared_unconsented_and_erased_stories_never_appear(world, login):
    community_world(world)
    n = world._n_program
    common = {"program": n, "teller": world._n_staff, "interviewer": world._n_director}
    documented_story(
        title="Zebra unshared", body="Zebra text.", pseudonym="Z1", real_name="R1",
        shared=False, **common,
    )  # fmt: skip
    documented_story(
        title="Zebra withdrawn", body="Zebra text.", pseudonym="Z2", real_name="R2",
        withdrawn=True, **common,
    )  # fmt: skip
    erased = documented_story(
        title="Zebra erased", body="Zebra text.", pseudonym="Z3", real_name="R3", **common
    )
    StoryErasure.objects.create(
        story_number=erased.pk, program_number=n.pk, organization=n.organization,
        reason="client_request",
    )  # fmt: skip
    shown = documented_story(
        title="Zebra shared", body="Zebra text.", pseudonym="Z4", real_name="R4", **common
    )
    for user in (world.director, world.unit, world._coordinator):
        client = login(user)
        for query in ("", "zebra", "Zebra text"):
            html = _library_htmls(client, query)
            assert "Zebra shared" in html
            for title in ("Zebra unshared", "Zebra withdrawn", "Zebra erased"):
                assert title not in html, (user, query, title)
    anonymous = login(None)
    html = _library_htmls(anonymous, "zebra")
    assert "Zebra shared" in html and "Zebra withdrawn" not in html
    for story in ("Zebra unshared", "Zebra withdrawn", "Zebra erased"):
        pk = n.stories.get(title=story).pk
        assert (
            login(world.director).get(reverse("library:library_story", args=[pk])).status_code
            == 404
        )
        assert anonymous.get(reverse("library:library_public_story", args=[pk])).status_code == 404
    assert (
        anonymous.get(reverse("library:library_public_story", args=[shown.pk])).status_code == 200
    )


def test_the_public_library_shows_only_organizations_that_chose_it(world, login):
    community_world(world)
    anonymous = login(None)
    html = anonymous.get(reverse("library:library_public")).content.decode()
    assert world._n_story.title in html  # Northside's library is public
    assert world.doc_story.title not in html  # Riverside's is for its communities only
    url = reverse("library:library_public_story", args=[world.doc_story.pk])
    assert anonymous.get(url).status_code == 404
    login(world.director).post(
        reverse("library:organization_library_public", args=[world.org.pk]), {"public": "1"}
    )
    assert (
        world.doc_story.title in login(None).get(reverse("library:library_public")).content.decode()
    )
    # A user outside every community sees no community story in the library.
    outside = login(world.other_director).get(reverse("library:library")).content.decode()
    assert world._n_story.title not in outside and world.doc_story.title not in outside


def test_search_is_case_insensitive_and_covers_text_and_principles(world, login):
    community_world(world)
    client = login(world.director)
    for query in ("STAIRWELL", "every child passed", "LET THEM LEAD", "stairwell homework"):
        assert (
            world._n_story.title
            in client.get(reverse("library:library"), {"q": query}).content.decode()
        )
    missing = client.get(
        reverse("library:library"), {"q": "stairwell nonsenseword"}
    ).content.decode()
    assert world._n_story.title not in missing
    # Summary and pseudonym are not searched: nothing outside the approved text is revealed.
    assert world._n_story.title not in (
        client.get(reverse("library:library"), {"q": PSEUDONYM}).content.decode()
    )


def test_search_by_language(world, login):
    community_world(world)
    documented_story(
        program=world._n_program,
        teller=world._n_staff,
        interviewer=world._n_director,
        title="מועדון שיעורי הבית",
        body="הילדים הגדולים הובילו את המועדון.",
        pseudonym="ה.",
        real_name="ר.",
    )
    client = login(world.director)
    hebrew = client.get(reverse("library:library"), {"lang": "he"}).content.decode()
    assert "מועדון שיעורי הבית" in hebrew and world._n_story.title not in hebrew
    assert 'lang="he" dir="rtl"' in hebrew
    english = client.get(reverse("library:library"), {"lang": "en"}).content.decode()
    assert "מועדון שיעורי הבית" not in english and world._n_story.title in english


def test_books_are_listed_with_a_download_link_only_for_who_may_download(world, login):
    from django.core.files.base import ContentFile

    from publications.models import BookRender, RelatedPublication, StoryBook

    community_world(world)
    book = StoryBook.objects.create(program=world._n_program, title="Northside stories")
    render = BookRender(book=book, version=1, status="done", requested_by=world._n_director)
    render.pdf.save("n.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    render.save()
    StoryBook.objects.create(program=world._n_program, title="A book never rendered")
    RelatedPublication.objects.create(
        organization=world._northside, authors="North, N.", year=2020, title="Youth work notes"
    )
    download = reverse("publications:book_render_download", args=[render.pk])
    ours = login(world.director).get(reverse("library:library")).content.decode()
    assert "Northside stories" in ours and download not in ours
    assert "A book never rendered" not in ours and "Youth work notes" in ours
    theirs = login(world._n_director).get(reverse("library:library")).content.decode()
    assert download in theirs


# Sharing ----------------------------------------------------------------------------------


def test_sharing_an_unconsented_story_is_refused_with_the_reason(world, login):
    from tests.test_books import approved_story

    community_world(world)
    withdrawn = approved_story(
        world, "Withdrawn one", body="Text.", real_name="Someone Real", withdrawn=True
    )
    response = login(world.director).post(
        reverse("library:story_share", args=[withdrawn.pk]), {"action": "share"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be shared" in html and "withdrew publication consent" in html
    assert not StoryShare.objects.filter(story=withdrawn).exists()


def test_sharing_an_unapproved_story_is_refused(world, login):
    community_world(world)
    response = login(world.director).post(
        reverse("library:story_share", args=[world.story.pk]), {"action": "share"}
    )
    assert response.status_code == 400
    assert "approved can be shared" in response.content.decode()
    assert not StoryShare.objects.filter(story=world.story).exists()


def test_share_form_with_a_bad_action_changes_nothing(world, login):
    community_world(world)
    response = login(world.director).post(
        reverse("library:story_share", args=[world.doc_story.pk]), {"action": "publish-everything"}
    )
    assert response.status_code == 400
    assert "Choose to share the story or to stop sharing it." in response.content.decode()
    assert StoryShare.objects.filter(story=world.doc_story).exists()


def test_sharing_and_unsharing_round_trip(world, login):
    from tests.test_books import approved_story

    community_world(world)
    story = approved_story(world, "Shared later", body="Later text.", real_name="Real Later")
    client = login(world.committee)
    client.post(reverse("library:story_share", args=[story.pk]), {"action": "share"})
    assert (
        "Shared later" in login(world._n_director).get(reverse("library:library")).content.decode()
    )
    login(world.committee).post(
        reverse("library:story_share", args=[story.pk]), {"action": "unshare"}
    )
    assert (
        "Shared later"
        not in login(world._n_director).get(reverse("library:library")).content.decode()
    )


def test_public_library_setting_bad_input(world, login):
    response = login(world.director).post(
        reverse("library:organization_library_public", args=[world.org.pk]), {"public": "maybe"}
    )
    assert response.status_code == 400
    assert "Choose public or community only." in response.content.decode()
    world.org.refresh_from_db()
    assert world.org.library_public is False


# Bad input on the community forms ---------------------------------------------------------


def test_community_create_bad_input_keeps_what_was_typed(world, login):
    community_world(world)
    client = login(world.unit)
    response = client.post(
        reverse("communities:community_create"),
        {"name": "valley NETWORK", "description": "Kept text"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A community with this name already exists." in html and "Kept text" in html
    response = client.post(
        reverse("communities:community_create"), {"name": "", "description": "Kept"}
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Community.objects.count() == 1


def test_coordinator_add_with_an_unknown_email_says_so(world, login):
    c = community_world(world)
    response = login(world.unit).post(
        reverse("communities:community_coordinator_add", args=[c.pk]),
        {"email": "nobody@example.org"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nobody has an account with this e-mail address." in html
    assert 'value="nobody@example.org"' in html
    assert list(c.coordinators.all()) == [world._coordinator]


@pytest.mark.parametrize(
    "url_name, data, message",
    [
        (
            "community_organization_add",
            {"organization": "999999"},
            "Choose one of the organizations",
        ),
        ("community_program_attach", {"program": "abc"}, "Choose one of the programs listed."),
        ("community_team_add", {"program": "", "organization": ""}, "This field is required."),
    ],
)
def test_community_choice_forms_refuse_bad_input(world, login, url_name, data, message):
    c = community_world(world)
    before = _state(world)
    response = login(world.unit).post(reverse(view_name(url_name), args=[c.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(world) == before


def test_team_add_refuses_an_organization_outside_the_community(world, login):
    c = community_world(world)
    before = _state(world)
    response = login(world.director).post(
        reverse("communities:community_team_add", args=[c.pk]),
        {"program": world.program.pk, "organization": world._westside.pk},
    )
    assert response.status_code == 400
    assert "Choose one of the member organizations listed." in response.content.decode()
    assert _state(world) == before


def test_a_director_cannot_attach_another_organizations_program(world, login):
    c = community_world(world)
    response = login(world.director).post(
        reverse("communities:community_program_attach", args=[c.pk]),
        {"program": world._n_program.pk},
    )
    assert response.status_code == 400
    world._n_program.refresh_from_db()
    assert world._n_program.community_id is None


def test_principle_link_bad_input_keeps_the_text_and_explains(world, login):
    c = community_world(world)
    client = login(world.director)
    before = _state(world)
    response = client.post(
        reverse("library:principle_link_create", args=[c.pk]),
        {f"link{c.pk}-text": "Kept sentence", f"link{c.pk}-principles": [world._ours.pk]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least two different organizations" in html and "Kept sentence" in html
    response = client.post(
        reverse("library:principle_link_create", args=[c.pk]),
        {f"link{c.pk}-text": "", f"link{c.pk}-principles": [world._ours.pk, world._theirs.pk]},
    )
    assert response.status_code == 400
    assert "Say in one sentence what the principles have in common." in response.content.decode()
    # A principle of an unshared story cannot be linked.
    hidden = Principle.objects.create(
        story=world.story, situation="s", goal="g", action="a hidden action"
    )
    response = client.post(
        reverse("library:principle_link_create", args=[c.pk]),
        {f"link{c.pk}-text": "Sneaky", f"link{c.pk}-principles": [world._theirs.pk, hidden.pk]},
    )
    assert response.status_code == 400
    assert _state(world) == before


def test_library_search_input_too_long_is_refused_clearly(world, login):
    community_world(world)
    response = login(world.director).get(reverse("library:library"), {"q": "x" * 300})
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()


def test_library_page_query_count_is_constant(world, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    community_world(world)
    client = login(world.director)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("library:library")).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for i in range(4):
        documented_story(
            program=world._n_program,
            teller=world._n_staff,
            interviewer=world._n_director,
            title=f"More {i}",
            body="More text.",
            pseudonym=f"M{i}",
            real_name=f"Real M{i}",
            principle=("s", "g", f"a{i}"),
        )
    assert count() == first
