"""What organizations tells the apps above it, which it does not import."""

from django.dispatch import Signal

#: Sent inside `services.program_create`'s transaction with `program`: the stories app gives
#: the new program its default selection criteria.
program_created = Signal()
