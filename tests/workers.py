"""Start a real Celery worker process against the test database and the real Redis broker."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def real_stack_or_skip() -> str:
    """The broker URL; skip (or, under CI, fail) when PostgreSQL or Redis is not configured."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor != "postgresql" or not broker.startswith("redis://"):
        if os.environ.get("CI"):
            pytest.fail(
                "integration tests need PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL)"
            )
        pytest.skip("needs DATABASE_URL=postgres://... and CELERY_BROKER_URL=redis://...")
    return broker


def test_database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


@contextlib.contextmanager
def celery_worker(*, queue: str, extra_env: dict[str, str] | None = None, log_path: Path):
    """Run `celery worker` consuming `queue` until the block ends."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lfs_site.settings",
            "DATABASE_URL": test_database_url(),
            "CELERY_QUEUE": queue,
            "DJANGO_DEBUG": "false",
            "DJANGO_PLAIN_STATIC": "true",
        }
    )
    env.update(extra_env or {})
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lfs_site",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "info",
        ],
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
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def sending_to(queue: str, broker: str):
    """Make this process publish tasks to the broker (not run them in-process)."""
    from lfs_site.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.conf.broker_url = broker
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = saved


def new_queue() -> str:
    return f"lfs-test-{uuid.uuid4().hex[:10]}"


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
