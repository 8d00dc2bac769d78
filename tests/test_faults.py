"""Faults with the real services: Redis down, a render over its time limit, PostgreSQL
restarting under a form, and a backup restored for real.

1. Redis is down when a render is requested: the request is kept (queued, "Waiting for the
   render queue"), and once Redis is back the polled status page sends it again and it is
   rendered exactly once.
2. A render over BOOK_RENDER_TIME_LIMIT (prefork worker) is marked failed with a readable
   message, and the same worker renders the next book.
3. PostgreSQL restarted between two saves: the next save reconnects and succeeds completely;
   restarted in the middle of a save, or stopped: a clear 503 page and nothing half-written.
4. pg_dump -Fc of the test database restored with pg_restore into a scratch database, and the
   media folder archived with tar and unpacked, hold the data.

Every test that stops a service starts it again in a `finally` block and waits for it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from organizations.selectors import program_access
from publications import services
from publications.models import BookEntry, BookRender
from stories.models import Answer, Interview

from .test_books import book_world
from .test_books_integration import _pdfs_of, _worker_env
from .test_documentation import _answers_post, _consent
from .test_documentation import documented as documented_story  # noqa: F401 - a fixture
from .workers import (
    ROOT,
    celery_worker,
    new_queue,
    real_stack_or_skip,
    sending_to,
    wait_for,
)
from .workers import (
    test_database_url as database_url,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PG_CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main"]
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1 -::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
REDIS_STOP = ["redis-cli", "-p", "6379", "shutdown", "nosave"]


def _need_commands(*names: str) -> None:
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        message = f"needs the commands {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _run(command: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


# Redis ------------------------------------------------------------------------------------


def _redis_up() -> bool:
    return _run(["redis-cli", "-p", "6379", "ping"], timeout=5).stdout.strip() == "PONG"


@contextlib.contextmanager
def redis_stopped():
    """Redis is down inside the block, and always up again after it."""
    _need_commands("redis-cli", "redis-server")
    if not _redis_up():
        pytest.skip("Redis on 127.0.0.1:6379 is not the one these tests may stop")
    _run(REDIS_STOP, timeout=15)
    try:
        assert wait_for(lambda: not _redis_up(), timeout=15), "Redis did not stop"
        yield
    finally:
        if not _redis_up():
            _run(REDIS_START, timeout=15)
        assert wait_for(_redis_up, timeout=30), "Redis did not start again"


def test_a_render_requested_while_redis_is_down_waits_and_is_rendered_once_it_is_back(
    world, client, tmp_path, settings
):
    broker = real_stack_or_skip()
    book = book_world(world)
    queue = new_queue()
    client.force_login(world.director)
    with sending_to(queue, broker):
        with redis_stopped():
            response = client.post(reverse("publications:book_render_request", args=[book.pk]))
            assert response.status_code == 302
            render = BookRender.objects.get(book=book)
            assert response.url == render.get_absolute_url()
            assert render.status == "queued"
            assert render.stage == "Waiting for the render queue"
            assert render.last_enqueued_at is not None
            page = client.get(render.get_absolute_url())
            assert page.status_code == 200
            assert "Waiting for the render queue" in page.content.decode()
        settings.BOOK_RENDER_REQUEUE_SECONDS = 1
        log = tmp_path / "worker.log"
        with celery_worker(queue=queue, extra_env=_worker_env(tmp_path), log_path=log):

            def finished():
                partial = client.get(render.get_absolute_url(), HTTP_HX_REQUEST="true")
                assert partial.status_code == 200
                return BookRender.objects.filter(
                    pk=render.pk, status__in=["done", "failed"]
                ).first()

            done = wait_for(finished, timeout=120, interval=0.5)
            assert done, log.read_text()
            time.sleep(3)  # let a duplicate delivery arrive and be turned away
    render.refresh_from_db()
    assert render.status == "done", render.error + log.read_text()
    assert render.attempts == 1
    assert BookRender.objects.filter(book=book).count() == 1
    assert _pdfs_of(book) == [Path(render.pdf.path)]


def test_requeue_renders_command_sends_the_stalled_renders(world, settings):
    from django.core.management import call_command

    book = book_world(world)
    render = BookRender.objects.create(book=book, version=1, requested_by=world.director)
    settings.BOOK_RENDER_REQUEUE_SECONDS = 0
    BookRender.objects.filter(pk=render.pk).update(stage="Waiting for the render queue")
    call_command("requeue_renders")  # no broker configured in this process: runs eagerly
    render.refresh_from_db()
    assert render.status in ("done", "failed") or render.last_enqueued_at is not None


# Time limit ---------------------------------------------------------------------------------


@contextlib.contextmanager
def prefork_worker(*, queue: str, extra_env: dict[str, str], log_path: Path):
    """`celery worker -P prefork -c 1`: the pool that enforces time limits."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lfs_site.settings",
            "DATABASE_URL": database_url(),
            "CELERY_QUEUE": queue,
            "DJANGO_DEBUG": "false",
            "DJANGO_PLAIN_STATIC": "true",
            **extra_env,
        }
    )
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lfs_site", "worker", "-P", "prefork", "-c", "1"]
        + ["-Q", queue, "--without-heartbeat", "--without-mingle", "--without-gossip"]
        + ["-l", "info"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_a_render_over_its_time_limit_fails_clearly_and_the_worker_renders_the_next(
    world, client, tmp_path, monkeypatch
):
    from publications.tasks import render_book

    from .test_books import approved_story

    # Celery puts the task's time limits in the message: the sending process decides them, so
    # the web process and the workers must share BOOK_RENDER_TIME_LIMIT (both get it here).
    monkeypatch.setattr(render_book, "time_limit", 3)
    monkeypatch.setattr(render_book, "soft_time_limit", 2)
    monkeypatch.setattr(render_book, "_exec_options", None)

    broker = real_stack_or_skip()
    book = book_world(world)
    access = program_access(world.director, world.program)
    paragraph = "Every week the plan was written again together, in the family's words. " * 14
    for i in range(90):
        story = approved_story(
            world,
            f"Slow story {i:02d}",
            body="\n\n".join([paragraph] * 6),
            real_name=f"Zohar Ketzef{i}",
        )
        services.entry_add(access=access, book=book, story_id=story.pk)
    queue = new_queue()
    env = {**_worker_env(tmp_path), "BOOK_RENDER_TIME_LIMIT": "3"}
    log = tmp_path / "prefork.log"
    client.force_login(world.director)
    with sending_to(queue, broker), prefork_worker(queue=queue, extra_env=env, log_path=log):
        client.post(reverse("publications:book_render_request", args=[book.pk]))
        slow = BookRender.objects.get(book=book)
        ended = wait_for(
            lambda: BookRender.objects.filter(pk=slow.pk, status__in=["done", "failed"]).first(),
            timeout=90,
        )
        assert ended, log.read_text()
        assert ended.status == "failed", log.read_text()
        assert "took longer than 3 seconds and was stopped" in ended.error
        page = client.get(slow.get_absolute_url()).content.decode()
        assert "could not be rendered" in page and "took longer than 3 seconds" in page

        BookEntry.objects.filter(book=book, story__title__startswith="Slow story").delete()
        client.post(reverse("publications:book_render_request", args=[book.pk]))
        small = BookRender.objects.get(book=book, version=2)
        done = wait_for(
            lambda: BookRender.objects.filter(pk=small.pk, status__in=["done", "failed"]).first(),
            timeout=90,
        )
        assert done, log.read_text()
        assert done.status == "done", done.error + log.read_text()
    assert not _pdfs_of(book) or Path(done.pdf.path) in _pdfs_of(book)


# PostgreSQL ---------------------------------------------------------------------------------


def _pg_ready() -> bool:
    return _run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], timeout=10).returncode == 0


def _pg_wait_ready() -> None:
    assert wait_for(_pg_ready, timeout=60, interval=0.5), "PostgreSQL did not come back"


def _pg(action: str) -> None:
    result = _run(
        [*PG_CLUSTER, action, "-m", "fast"] if action != "start" else [*PG_CLUSTER, action]
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def pg_control():
    """pg_ctlcluster for the local cluster; PostgreSQL always accepts connections afterwards."""
    real_stack_or_skip()
    _need_commands("pg_ctlcluster", "pg_isready")
    if not _pg_ready():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not the local cluster")
    try:
        yield _pg
    finally:
        if not _pg_ready():
            _run([*PG_CLUSTER, "start"])
        _pg_wait_ready()
        connection.close()  # the next query opens a fresh connection


@pytest.fixture
def documented(documented_story):  # noqa: F811
    """The documented story's interview, with the client's consent to be interviewed (answers
    are written down only while it stands)."""
    _consent(documented_story, scope="interview")
    return documented_story


def _texts(interview) -> set[str]:
    return set(Answer.objects.filter(interview=interview).values_list("text", flat=True))


def test_a_form_saved_after_a_postgres_restart_is_saved_completely(
    documented,  # noqa: F811
    login,
    pg_control,
):
    client = login(documented.student)
    url = reverse("documentation:interview_edit", args=[documented.interview.pk])
    assert client.post(url, _answers_post(documented.interview, text="Before")).status_code == 302
    after = _answers_post(documented.interview, text="After")  # built before: it reads the DB
    pg_control("restart")
    _pg_wait_ready()
    response = client.post(url, after)
    assert response.status_code == 302
    assert Answer.objects.filter(interview=documented.interview).count() == 10
    assert {t.split(" (")[0] for t in _texts(documented.interview)} == {"After"}


def test_postgres_restarting_in_the_middle_of_a_save_shows_a_clear_error_and_keeps_nothing(
    documented,  # noqa: F811
    login,
    pg_control,
    monkeypatch,
):
    import stories.documentation.services

    client = login(documented.student)
    url = reverse("documentation:interview_edit", args=[documented.interview.pk])
    assert client.post(url, _answers_post(documented.interview, text="Before")).status_code == 302
    before = _texts(documented.interview)
    real_answer_write = (
        stories.documentation.services._answer_write
    )  # each answer of interview_update
    saved = []

    def answer_write_then_restart(*args, **kwargs):
        answer = real_answer_write(*args, **kwargs)
        saved.append(answer.pk)
        if len(saved) == 5:  # half the answers written, inside the transaction
            pg_control("restart")
        return answer

    monkeypatch.setattr(stories.documentation.services, "_answer_write", answer_write_then_restart)
    data = _answers_post(documented.interview, text="Lost")
    data["place"] = "A place that must not be saved"
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 503
    assert "The database is restarting: nothing was saved, please try again." in body
    monkeypatch.setattr(stories.documentation.services, "_answer_write", real_answer_write)
    _pg_wait_ready()
    assert len(saved) == 5
    assert _texts(documented.interview) == before  # no answer of the broken save was kept
    assert Interview.objects.get(pk=documented.interview.pk).place != data["place"]
    # the next save reconnects and is complete
    response = client.post(url, _answers_post(documented.interview, text="Again"))
    assert response.status_code == 302
    assert {t.split(" (")[0] for t in _texts(documented.interview)} == {"Again"}


def test_a_form_sent_while_postgres_is_down_gets_a_clear_503_page(
    documented,  # noqa: F811
    login,
    pg_control,
):
    client = login(documented.student)
    url = reverse("documentation:interview_edit", args=[documented.interview.pk])
    assert client.post(url, _answers_post(documented.interview, text="Before")).status_code == 302
    before = _texts(documented.interview)
    while_down = _answers_post(documented.interview, text="While down")
    pg_control("stop")
    try:
        response = client.post(url, while_down)
        assert response.status_code == 503
        assert response["Retry-After"]
        assert "nothing was saved, please try again" in response.content.decode()
    finally:
        _run([*PG_CLUSTER, "start"])
        _pg_wait_ready()
    assert _texts(documented.interview) == before
    response = client.post(url, _answers_post(documented.interview, text="Back"))
    assert response.status_code == 302


def test_a_page_opened_with_no_connection_while_postgres_is_down_gets_a_clear_503_page(
    documented,  # noqa: F811
    login,
    pg_control,
):
    """The first query of such a request would come from the session middleware, where an
    error becomes a 500: the connection is opened up front instead."""
    client = login(documented.student)
    url = reverse("documentation:story_documentation", args=[documented.doc_story.pk])
    assert client.get(url).status_code == 200
    connection.close()
    pg_control("stop")
    try:
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"]
    finally:
        _run([*PG_CLUSTER, "start"])
        _pg_wait_ready()
    assert client.get(url).status_code == 200


# Backup and restore --------------------------------------------------------------------------


def test_a_backup_is_restored_into_a_new_database_with_its_media(world, tmp_path):
    real_stack_or_skip()
    _need_commands("pg_dump", "pg_restore", "createdb", "dropdb", "psql")
    book = book_world(world)
    name = connection.settings_dict["NAME"]
    dump = tmp_path / "lfs.dump"
    pg = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    result = _run(["pg_dump", "-Fc", *pg, "-f", str(dump), name], timeout=120)
    assert result.returncode == 0, result.stderr
    media = tmp_path / "media.tar.gz"
    with tarfile.open(media, "w:gz") as tar:
        tar.add(settings.MEDIA_ROOT, arcname="media")

    scratch = f"lfs_restore_{uuid.uuid4().hex[:8]}"
    assert _run(["createdb", *pg, scratch]).returncode == 0
    try:
        result = _run(
            ["pg_restore", *pg, "--no-owner", "--exit-on-error", "-d", scratch, str(dump)],
            timeout=120,
        )
        assert result.returncode == 0, result.stderr

        def query(sql: str, *params):
            db = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=scratch)
            try:
                with db.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchone()[0]
            finally:
                db.close()

        assert query("select title from publications_storybook where id = %s", book.pk) == (
            book.title
        )
        assert (
            query("select count(*) from stories_answer where interview_id = %s", world.interview.pk)
            == Answer.objects.filter(interview=world.interview).count()
        )
        assert query("select name from organizations_organization where id = %s", world.org.pk) == (
            world.org.name
        )
        transcript = query(
            "select transcript from stories_interview where id = %s", world.interview.pk
        )
    finally:
        _run(["dropdb", *pg, "--if-exists", scratch])
    listed = _run(["psql", *pg, "-d", "postgres", "-tAc", "select datname from pg_database"])
    assert scratch not in listed.stdout.split()

    restored = tmp_path / "restored"
    restored.mkdir()
    with tarfile.open(media) as tar:
        tar.extractall(restored, filter="data")
    assert transcript
    original = Path(settings.MEDIA_ROOT) / transcript
    assert (restored / "media" / transcript).read_bytes() == original.read_bytes()
