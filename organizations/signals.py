"""What organizations tells the apps above it, which it does not import."""

from django.dispatch import Signal

#: Sent inside `services.program_create`'s transaction with `program`: the stories app gives
#: the new program its default selection criteria.
program_created = Signal()

#: Sent when an invitation is accepted, with `invitation` and `user` (the account): the
#: companions app gives a person the unit invited as a companion their companion profile.
invitation_accepted = Signal()
