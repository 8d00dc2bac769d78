"""A director downloads the whole program as a JSON file."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.text import slugify

from lfs_site.downloads import attachment
from organizations.models import Role
from organizations.selectors import program_get_for_user
from transfer import services


@login_required
def program_export_json(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.has(Role.DIRECTOR):
        raise PermissionDenied
    data = services.program_export_data(program=access.program, user=request.user)
    services.program_export_record(by=request.user, program=access.program, request=request)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    name = slugify(access.program.title) or "program"
    return attachment(
        body.encode(), "application/json; charset=utf-8", f"{name}-{access.program.pk}.json"
    )
