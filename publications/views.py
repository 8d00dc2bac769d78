"""Story books: the program's books, the composer, renders and the permission-checked download.
Views stay thin: access helper, form, one service call, response."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lfs_site.pagination import paginate_rows
from organizations.forms import apply_errors

from . import services
from .forms import (
    BookCoverForm,
    BookForm,
    ChoosePublicationsForm,
    EntryAddForm,
    MoveForm,
    OrderForm,
    PublicationForm,
)
from .models import BookRender
from .selectors import (
    book_candidates,
    book_detail_data,
    book_get_for_user,
    books_for_program,
    can_compose,
    candidate_rows,
    entry_get_for_book,
    program_books_access,
    render_get_for_user,
    render_staleness,
    render_withdrawn,
)


@login_required
@require_http_methods(["GET", "POST"])
def program_books(request, pk: int):
    """The program's books, and a form to start a new one."""
    access = program_books_access(request.user, pk)
    form = BookForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            book = services.book_create(
                access=access, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The book has been created with the approved stories."))
            return redirect(book.get_absolute_url())
    return render(
        request,
        "publications/program_books.html",
        {
            "access": access,
            "program": access.program,
            "books": list(books_for_program(access.program)),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _book_page(request, book, access, *, publication_form=None, status=200):
    candidates = paginate_rows(request, book_candidates(book, request.user), param="candidates")
    candidates.object_list = candidate_rows(candidates.object_list)
    return render(
        request,
        "publications/book_detail.html",
        {
            "access": access,
            "program": access.program,
            "book": book,
            "publication_form": publication_form or PublicationForm(),
            "candidates_page": candidates,
            **book_detail_data(book, candidates.object_list),
        },
        status=status,
    )


@login_required
@require_GET
def book_detail(request, pk: int):
    book, access = book_get_for_user(request.user, pk)
    return _book_page(request, book, access)


@login_required
@require_http_methods(["GET", "POST"])
def book_edit(request, pk: int):
    book, access = book_get_for_user(request.user, pk)
    form = BookForm(request.POST or None, instance=book)
    if request.method == "POST" and form.is_valid():
        try:
            services.book_update(
                access=access, book=book, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The book's details have been saved."))
            return redirect(book.get_absolute_url())
    return render(
        request,
        "publications/book_edit.html",
        {
            "access": access,
            "program": book.program,
            "book": book,
            "form": form,
            "cover_form": BookCoverForm(initial={"cover_alt": book.cover_alt}),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def book_cover(request, pk: int):
    """Upload (or remove) the cover image; a bad file is refused next to the field, and the
    book's other details, on their own form, are untouched."""
    book, access = book_get_for_user(request.user, pk)
    if request.POST.get("remove"):
        services.book_cover_remove(access=access, book=book)
        messages.success(request, _("The cover image has been removed."))
        return redirect("publications:book_edit", book.pk)
    cover_form = BookCoverForm(request.POST, request.FILES)
    if cover_form.is_valid():
        try:
            services.book_cover_set(
                access=access,
                book=book,
                upload=cover_form.cleaned_data["cover"],
                alt=cover_form.cleaned_data["cover_alt"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_errors(cover_form, exc)
        else:
            messages.success(request, _("The cover image has been saved."))
            return redirect("publications:book_edit", book.pk)
    return render(
        request,
        "publications/book_edit.html",
        {
            "access": access,
            "program": book.program,
            "book": book,
            "form": BookForm(instance=book),
            "cover_form": cover_form,
        },
        status=400,
    )


@login_required
@require_GET
def book_preview(request, pk: int):
    """The book as it stands, in the browser, before rendering: its web edition made on the
    spot from the current composition (audited; under the web edition's CSP)."""
    book, _access = book_get_for_user(request.user, pk)
    try:
        html = services.book_preview_html(book=book)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(book.get_absolute_url())
    services.book_preview_record(book=book, by=request.user, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = WEB_EDITION_CSP
    response["Referrer-Policy"] = "no-referrer"
    return response


def _back_to_entries(book):
    return redirect(f"{book.get_absolute_url()}#stories")


@login_required
@require_POST
def book_entry_add(request, pk: int):
    book, access = book_get_for_user(request.user, pk)
    form = EntryAddForm(request.POST)
    if form.is_valid():
        try:
            services.entry_add(access=access, book=book, story_id=form.cleaned_data["story"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a story to add."))
    return _back_to_entries(book)


@login_required
@require_POST
def book_entry_move(request, pk: int, entry_pk: int):
    book, access = book_get_for_user(request.user, pk)
    entry = entry_get_for_book(book, entry_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.entry_move(access=access, entry=entry, direction=form.cleaned_data["direction"])
    return _back_to_entries(book)


@login_required
@require_POST
def book_entry_remove(request, pk: int, entry_pk: int):
    book, access = book_get_for_user(request.user, pk)
    entry = entry_get_for_book(book, entry_pk)
    services.entry_remove(access=access, entry=entry)
    messages.success(request, _("The story has been taken out of the book."))
    return _back_to_entries(book)


@login_required
@require_POST
def book_entries_order(request, pk: int):
    """The order after a drag and drop (sent by static/js/books.js)."""
    book, access = book_get_for_user(request.user, pk)
    form = OrderForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.entries_reorder(access=access, book=book, order=form.cleaned_data["order"])
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    if request.htmx or request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return _back_to_entries(book)


@login_required
@require_POST
def book_publications(request, pk: int):
    """Which entries of the organization's catalogue this book lists."""
    book, access = book_get_for_user(request.user, pk)
    catalogue = book.program.organization.related_publications.all()
    form = ChoosePublicationsForm(request.POST, catalogue=catalogue)
    if form.is_valid():
        services.book_publications_set(
            access=access, book=book, ids=form.cleaned_data["publications"]
        )
        messages.success(request, _("The related publications have been saved."))
    return redirect(f"{book.get_absolute_url()}#related")


@login_required
@require_POST
def publication_add(request, pk: int):
    book, access = book_get_for_user(request.user, pk)
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            services.publication_create(
                access=access, book=book, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The publication has been added to the catalogue."))
            return redirect(f"{book.get_absolute_url()}#related")
    return _book_page(request, book, access, publication_form=form, status=400)


@login_required
@require_POST
def book_render_request(request, pk: int):
    book, access = book_get_for_user(request.user, pk)
    try:
        render_ = services.request_render(access=access, book=book, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(book.get_absolute_url())
    return redirect(render_.get_absolute_url())


@login_required
@require_POST
def book_presentation_request(request, pk: int):
    """The book's stories and principles as a landscape slide deck, through the same render
    pipeline (queue, worker, progress page, audited download)."""
    book, access = book_get_for_user(request.user, pk)
    try:
        render_ = services.request_render(
            access=access, book=book, by=request.user, kind=BookRender.Kind.PRESENTATION
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(book.get_absolute_url())
    return redirect(render_.get_absolute_url())


@login_required
@require_GET
def book_render_status(request, pk: int):
    """A render's progress: a plain page (refreshing itself without JS) and, for htmx, the
    partial it polls."""
    render_, access = render_get_for_user(request.user, pk)
    # a render the queue never picked up (the broker was down) is sent again while watched
    services.render_requeue_if_stalled(render_)
    render_.withdrawn_reasons = render_withdrawn(render_)
    context = {
        "access": access,
        "program": render_.book.program,
        "book": render_.book,
        "render": render_,
        "stale_reasons": render_staleness(render_),
    }
    if request.htmx:
        return render(request, "publications/_render_status.html", context)
    response = render(request, "publications/render_status.html", context)
    if render_.is_active:
        response["Refresh"] = "3"  # the page keeps itself up to date without JavaScript
    return response


#: The files of a render: the PDF (a book's or a slide deck's), and a book's EPUB and web edition.
EDITIONS = {
    "pdf": ("pdf", "application/pdf", ".pdf"),
    "epub": ("epub", "application/epub+zip", ".epub"),
    "web": ("web", "text/html; charset=utf-8", ".html"),
}

#: The web edition is shown in the browser from the app's own origin: it may style itself and
#: show its embedded cover, and nothing else (no script, no request, no form, no frame).
WEB_EDITION_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox allow-same-origin"
)


def _give_out(request, pk: int, edition: str):
    """One file of a render, for the program's director and committee only; every download is
    audited. A render that contains a story whose consent was withdrawn since is refused (410),
    the refusal audited too (`render_withdrawn`)."""
    render_, access = render_get_for_user(request.user, pk)
    field, content_type, extension = EDITIONS[edition]
    file = getattr(render_, field)
    if render_.status != BookRender.Status.DONE or not file:
        raise Http404
    withdrawn = render_withdrawn(render_)
    if withdrawn:
        # Kept for the audit trail, never given out again: say why, and offer a new render.
        services.render_download_refused_record(
            render=render_, by=request.user, request=request, edition=edition
        )
        return render(
            request,
            "publications/render_withdrawn.html",
            {
                "access": access,
                "program": render_.book.program,
                "book": render_.book,
                "render": render_,
                "reasons": withdrawn,
                "can_request": can_compose(access),
            },
            status=410,
        )
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    services.render_download_record(
        render=render_, by=request.user, request=request, edition=edition
    )
    name = slugify(render_.book.title, allow_unicode=True) or "book"
    if render_.is_presentation:
        name += "-slides"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=edition != "web",
        filename=f"{name}-v{render_.version}{extension}",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if edition == "web":
        response["Content-Security-Policy"] = WEB_EDITION_CSP
        response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_GET
def book_render_download(request, pk: int):
    """The PDF (see `_give_out`)."""
    return _give_out(request, pk, "pdf")


@login_required
@require_GET
def book_render_epub(request, pk: int):
    """The book's EPUB 3, made with its PDF from the same composition (see `_give_out`)."""
    return _give_out(request, pk, "epub")


@login_required
@require_GET
def book_render_web(request, pk: int):
    """The book's web edition, shown in the browser: one responsive page, right to left where
    the book is (see `_give_out`)."""
    return _give_out(request, pk, "web")
