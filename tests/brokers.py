"""Point this process's Celery app at another broker for a while: one that is down, or a throwaway Redis."""

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _drop_connections(app) -> None:
    # Connection and producer pools are kept per broker, in kombu's global registry and on the app:
    # close and forget them all, so the next publish connects afresh to the broker now configured.
    from kombu import pools

    pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Tasks go through the broker at `url` (not run in this process) inside the block."""
    from hubportal.celery import app

    saved = app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager
    # Celery reads the environment's CELERY_BROKER_URL before its own setting (the service tests set it).
    saved_environ = os.environ.pop("CELERY_BROKER_URL", None)
    app.conf.broker_url = url
    # Fail a publish in a second, not in the minutes a production setting may allow.
    app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 2}
    app.conf.task_always_eager = False
    _drop_connections(app)
    try:
        yield
    finally:
        if saved_environ is not None:
            os.environ["CELERY_BROKER_URL"] = saved_environ
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager = saved
        _drop_connections(app)


@contextmanager
def broker_down() -> Iterator[str]:
    """Every publish fails: a Redis URL on a port where nothing listens."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    with broker_at(url):
        yield url
