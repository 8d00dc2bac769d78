"""Scaling out: object storage, a managed PostgreSQL and Redis, worker recycling, all from the
environment (each case loads lfs_site.settings in a fresh process; nothing touches a network)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, ssl
from django.conf import settings
import django
django.setup()
from django.core.files.storage import storages
from lfs_site.celery import app
storage = storages["default"]
db = settings.DATABASES["default"]
print(json.dumps({
    "storages": settings.STORAGES,
    "storage_class": type(storage).__module__ + "." + type(storage).__name__,
    "storage": {k: getattr(storage, k, None) for k in (
        "bucket_name", "endpoint_url", "region_name", "default_acl", "querystring_auth",
        "file_overwrite", "location", "object_parameters")},
    "db_options": db.get("OPTIONS", {}),
    "conn_max_age": db["CONN_MAX_AGE"],
    "conn_health_checks": db["CONN_HEALTH_CHECKS"],
    "broker_use_ssl": {k: (int(v) if isinstance(v, ssl.VerifyMode) else v)
                       for k, v in (app.conf.broker_use_ssl or {}).items()},
    "max_tasks": app.conf.worker_max_tasks_per_child,
    "max_memory": app.conf.worker_max_memory_per_child,
    "caches": settings.CACHES,
    "page_cache": getattr(settings, "LFS_PAGE_CACHE", None),
}, default=str))
"""

CLEAN = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(("AWS_", "LFS_", "DATABASE_", "CELERY_", "REDIS_", "DJANGO_", "CACHE_"))
}


def settings_with(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "lfs_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        return {"error": result.stderr.strip().splitlines()[-1]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_file_storage_is_the_default():
    s = settings_with()
    assert s["storages"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert s["storage_class"].endswith("FileSystemStorage")


def test_s3_storage_from_the_environment_is_private_and_signed():
    s = settings_with(
        LFS_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="lfs-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_S3_LOCATION="prod",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
    )
    assert s["storage_class"] == "storages.backends.s3.S3Storage"
    storage = s["storage"]
    assert storage["bucket_name"] == "lfs-media"
    assert storage["endpoint_url"] == "https://objects.example.org"
    assert storage["region_name"] == "eu-central-1"
    assert storage["location"] == "prod"
    assert storage["default_acl"] == "private"
    assert storage["querystring_auth"] is True
    assert storage["file_overwrite"] is False
    assert storage["object_parameters"] == {"ServerSideEncryption": "AES256"}
    # static files stay with whitenoise
    assert "whitenoise" in s["storages"]["staticfiles"]["BACKEND"]


def test_s3_storage_without_a_bucket_or_an_unknown_backend_fails_at_start_up():
    assert "AWS_STORAGE_BUCKET_NAME" in settings_with(LFS_STORAGE="s3")["error"]
    assert "LFS_STORAGE must be local or s3" in settings_with(LFS_STORAGE="ftp")["error"]


def test_managed_postgresql_tls_and_persistent_connections():
    s = settings_with(
        DATABASE_URL="postgres://lfs:pw@db.example.org:5432/lfs?sslmode=verify-full",
        DATABASE_SSLROOTCERT="/etc/ssl/certs/db-ca.pem",
        DATABASE_CONN_MAX_AGE="300",
    )
    assert s["db_options"]["sslmode"] == "verify-full"
    assert s["db_options"]["sslrootcert"] == "/etc/ssl/certs/db-ca.pem"
    assert s["db_options"]["connect_timeout"] == 10
    assert s["conn_max_age"] == 300
    assert s["conn_health_checks"] is True
    forced = settings_with(
        DATABASE_URL="postgres://lfs:pw@db.example.org:5432/lfs", DATABASE_SSLMODE="require"
    )
    assert forced["db_options"]["sslmode"] == "require"
    plain = settings_with(DATABASE_URL="postgres://lfs@127.0.0.1:5432/lfs")
    assert "sslmode" not in plain["db_options"]


def test_managed_redis_over_tls():
    import ssl

    s = settings_with(CELERY_BROKER_URL="rediss://:pw@redis.example.org:6380/0")
    assert s["broker_use_ssl"] == {"ssl_cert_reqs": int(ssl.CERT_REQUIRED)}
    s = settings_with(
        CELERY_BROKER_URL="rediss://redis.example.org:6380/0",
        REDIS_SSL_CA_CERTS="/etc/ssl/redis-ca.pem",
    )
    assert s["broker_use_ssl"]["ssl_ca_certs"] == "/etc/ssl/redis-ca.pem"
    assert settings_with(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")["broker_use_ssl"] == {}


def test_worker_recycling_has_defaults_and_follows_the_environment():
    s = settings_with()
    assert (s["max_tasks"], s["max_memory"]) == (20, 1_000_000)
    s = settings_with(LFS_WORKER_MAX_TASKS_PER_CHILD="5", LFS_WORKER_MAX_MEMORY_PER_CHILD="400000")
    assert (s["max_tasks"], s["max_memory"]) == (5, 400_000)
    s = settings_with(LFS_WORKER_MAX_TASKS_PER_CHILD="0", LFS_WORKER_MAX_MEMORY_PER_CHILD="0")
    assert (s["max_tasks"], s["max_memory"]) == (None, None)


def test_a_prefork_worker_starts_with_recycling_turned_off(tmp_path):
    """0 means "never recycle": the worker must start (Celery's own CELERY_WORKER_* variables
    would hand the 0 to the pool, which refuses it)."""
    import time
    import uuid

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://...")
    env = {
        **CLEAN,
        "DJANGO_SETTINGS_MODULE": "lfs_site.settings",
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": f"lfs-test-{uuid.uuid4().hex[:10]}",
        "LFS_WORKER_MAX_TASKS_PER_CHILD": "0",
        "LFS_WORKER_MAX_MEMORY_PER_CHILD": "0",
    }
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lfs_site", "worker", "-P", "prefork",
             "-c", "1", "-Q", env["CELERY_QUEUE"], "--without-heartbeat", "--without-mingle",
             "--without-gossip", "-l", "info"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and worker.poll() is None:
                if "ready." in log_path.read_text():
                    break
                time.sleep(0.3)
            assert worker.poll() is None, log_path.read_text()[-2000:]
            assert "ready." in log_path.read_text()
        finally:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.mark.django_db
def test_private_files_stream_from_a_storage_that_is_not_the_file_system(world, login, settings):
    """The permission-checked file views read through the storage API (as they must with S3),
    never from a local path: with an in-memory storage they still stream, and still refuse."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from stories.models import Interview

    interview = Interview.objects.get(pk=world.interview.pk)
    interview.transcript.save("t.pdf", ContentFile(b"%PDF-1.4 in memory\n%%EOF\n"), save=True)
    url = reverse("documentation:interview_file", args=[interview.pk, "transcript"])
    response = login(world.student).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4 in memory")
    assert login(world.student2).get(url).status_code == 404
    assert login(None).get(url).status_code == 302


def test_no_shared_cache_keeps_pages_whatever_the_environment():
    """Pages render from templates every time: nothing of a page (interview answers, drafts)
    is kept in a second store, even where an old deployment still sets the cache's variables."""
    for env in ({}, {"CACHE_URL": "redis://cache.example.org:6379/1", "LFS_PAGE_CACHE": "true"}):
        s = settings_with(**env)
        assert "error" not in s, s
        assert s["caches"]["default"]["BACKEND"].endswith("LocMemCache")
        assert s["page_cache"] is None
