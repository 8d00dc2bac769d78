"""People, organizations, programs and their steering committees."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class RoleAuditedQuerySet(models.QuerySet):
    """The rows of models that say who holds which role (memberships, partner teams, accounts'
    rights). A save or a delete is audited through its signals; the writes that send none are
    audited here (organizations/role_audit.py holds the one account of both): `update`, and
    `bulk_update`, which Django carries out with `update`, and `bulk_create`."""

    def _touches(self, names) -> bool:
        from . import role_audit

        fields = {f.removesuffix("_id") for f in role_audit.fields_of(self.model)}
        return bool(fields & {n.removesuffix("_id") for n in names})

    def update(self, **kwargs):
        from . import role_audit

        if not self._touches(kwargs):
            return super().update(**kwargs)
        before = role_audit.snapshot(self)
        count = super().update(**kwargs)
        role_audit.bulk_changed(self.model, before)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        from . import role_audit

        created = super().bulk_create(objs, *args, **kwargs)
        role_audit.bulk_created(created)
        return created


class UserManager(BaseUserManager.from_queryset(RoleAuditedQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str) -> User:
        """E-mail addresses are matched without regard to case."""
        return self.get(email__iexact=username.strip())

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_unit", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their e-mail address.

    `is_unit` marks staff of the LFS unit, who train and support companions across
    organizations; everything else a person may do comes from their memberships.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_unit = models.BooleanField(
        _("LFS unit staff"),
        default=False,
        help_text=_("Staff of the unit that trains and supports learning companions."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_(
            "The language the person last chose with the site's language switcher: e-mails to "
            "them are written in it (none chosen: the site's default)."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organization(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_SERVICES = "social_services", _("Municipal social services")
        SCHOOL = "school", _("School")
        HEALTH = "health", _("Health service")
        YOUTH = "youth", _("Youth service")
        NGO = "ngo", _("Non-governmental organization")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    library_public = models.BooleanField(
        _("shared stories are public"),
        default=False,
        help_text=_(
            "Stories the organization shares with its learning communities also appear in the "
            "public library, without login."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """A learning community: organizations (of a region or a sector) learning together.

    Coordinators see the community's aggregate progress, never the client data of a member
    organization; each organization keeps seeing only its own client data.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="communities", verbose_name=_("organizations")
    )
    coordinators = models.ManyToManyField(
        "User", blank=True, related_name="coordinated_communities", verbose_name=_("coordinators")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("learning community")
        verbose_name_plural = _("learning communities")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="department_unique_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    COMMITTEE = "committee", _("Committee member")
    STAFF = "staff", _("Staff member")
    STUDENT = "student", _("Student documenter")
    COMPANION = "companion", _("Learning companion")


#: Roles held for a whole organization; the others are held for one program.
ORGANIZATION_ROLES = frozenset({Role.DIRECTOR, Role.STAFF})
PROGRAM_ROLES = frozenset({Role.COMMITTEE, Role.STUDENT, Role.COMPANION})


class Stage(models.TextChoices):
    STEERING = "steering", _("Steering")
    SELECTION = "selection", _("Selection")
    TRAINING = "training", _("Training")
    DOCUMENTATION = "documentation", _("Documentation")
    PROCESSING = "processing", _("Processing")
    PUBLICATION = "publication", _("Publication")


STAGE_ORDER: list[str] = [stage.value for stage in Stage]


class Program(models.Model):
    """One run of learning from success in an organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.STEERING
    )
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="programs", verbose_name=_("departments")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("learning community"),
    )
    partner_organizations = models.ManyToManyField(
        Organization,
        blank=True,
        through="ProgramTeam",
        related_name="partner_programs",
        verbose_name=_("partner organizations"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("title"), name="program_unique_title_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dashboard:program_dashboard", args=[self.pk])

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class ProgramTeam(models.Model):
    """A team of another organization of the program's community taking part in the program.

    Its people see the program and their own organization's stories, never another
    organization's client data.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="teams")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="program_teams"
    )
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    objects = RoleAuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("program team")
        verbose_name_plural = _("program teams")
        constraints = [
            models.UniqueConstraint("program", "organization", name="program_team_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.program}"


class Membership(models.Model):
    """A person's role in an organization (director, staff) or in one of its programs."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Empty for roles held across the whole organization."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(program__isnull=True),
                name="membership_unique_org_role",
            ),
            models.UniqueConstraint(
                fields=["user", "program", "role"],
                condition=models.Q(program__isnull=False),
                name="membership_unique_program_role",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role__in=sorted(r.value for r in ORGANIZATION_ROLES), program__isnull=True
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in PROGRAM_ROLES), program__isnull=False
                    )
                ),
                name="membership_role_scope",
            ),
        ]

    def __str__(self) -> str:
        where = self.program or self.organization
        return f"{self.user} - {self.get_role_display()} ({where})"


class SteeringCommittee(models.Model):
    """The program's steering committee; its members are the program's committee memberships."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="committee")
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    chair = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_committees"
    )

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering meeting")
        SELECTION = "selection", _("Selection meeting")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STEERING)
    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        User, blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="meetings_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])


class MeetingDecision(models.Model):
    """A decision recorded in a meeting's minutes (selection decisions live in stories)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("who follows it up"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")

    def __str__(self) -> str:
        return self.text[:60]


class Invitation(models.Model):
    """An e-mailed invitation to take a role: in an organization or one of its programs (sent
    by its director), or as a learning companion (sent by the unit, `organization` empty).

    Only a hash of the token is kept: the link in the e-mail is the one copy of the token.
    An invitation is used once, and not after `expires_at` or its withdrawal.
    """

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organization"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("program"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(
        _("language of the e-mail"), max_length=10, choices=settings.LANGUAGES
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role__in=sorted(r.value for r in ORGANIZATION_ROLES),
                        program__isnull=True,
                        organization__isnull=False,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in PROGRAM_ROLES),
                        program__isnull=False,
                        organization__isnull=False,
                    )
                    | models.Q(role=Role.COMPANION, program__isnull=True, organization__isnull=True)
                ),
                name="invitation_role_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.program or self.organization or '-'})"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )


class PopulationTerm(models.Model):
    """A population of a program's vocabulary (e.g. "single parents"), named in each language,
    so that stories tagged in Hebrew, Arabic or English count once for the one population."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="population_terms")
    name_en = models.CharField(_("name in English"), max_length=60, blank=True)
    name_he = models.CharField(_("name in Hebrew"), max_length=60, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_en", "name_he", "name_ar", "pk"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_he="", name_ar=""),
                name="population_term_named",
                violation_error_message=_("Name the population in at least one language."),
            ),
            *(
                models.UniqueConstraint(
                    "program",
                    Lower(f"name_{code}"),
                    condition=~models.Q(**{f"name_{code}": ""}),
                    name=f"population_term_unique_{code}",
                    violation_error_message=_("Another population of this program has this name."),
                )
                for code in ("en", "he", "ar")
            ),
        ]

    def __str__(self) -> str:
        return self.label()

    def names(self) -> dict[str, str]:
        return {"en": self.name_en, "he": self.name_he, "ar": self.name_ar}

    def label(self, language: str | None = None) -> str:
        """The name in `language` (by default the active one), else the first name it has."""
        code = (language or translation.get_language() or "en")[:2]
        names = self.names()
        return names.get(code) or next((n for n in names.values() if n), "")


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes are refused too: the log is only ever appended to."""

    def update(self, **kwargs):
        raise ValueError("Audit events are append-only")

    def delete(self):
        raise ValueError("Audit events are append-only")


class AuditEvent(models.Model):
    """An append-only record of a sensitive action: who, what, when, from where."""

    class Action(models.TextChoices):
        IDENTITY_VIEWED = "identity_viewed", _("Client identity opened")
        IDENTITY_CHANGED = "identity_changed", _("Client identity changed")
        FILE_OPENED = "file_opened", _("Interview file opened")
        CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        DRAFT_APPROVED = "draft_approved", _("Draft approved")
        EXPORT = "export", _("Data exported")
        BOOK_DOWNLOADED = "book_downloaded", _("Story book downloaded")
        ERASED = "erased", _("Client data erased")
        IMPORTED = "imported", _("Program imported")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor authentication turned on")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor authentication turned off")
        CONSENT_TEXT_CHANGED = "consent_text_changed", _("Consent text changed")
        BOOK_DOWNLOAD_REFUSED = "book_download_refused", _("Story book download refused")
        REAL_NAME_REFUSED = "real_name_refused", _("Text with a client's real name refused")
        ROLE_GIVEN = "role_given", _("Role given")
        ROLE_CHANGED = "role_changed", _("Role changed")
        ROLE_REMOVED = "role_removed", _("Role removed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("Invitation withdrawn")
        PERSON_DEACTIVATED = "person_deactivated", _("Person deactivated")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only")


class LoginFailure(models.Model):
    """A failed sign-in, kept only to throttle guessing (not part of the audit log).

    The e-mail typed is stored as a keyed hash, never as text: whatever was typed stays unread.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    email_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.ip_address}"
