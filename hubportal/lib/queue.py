"""Queueing work for the worker: by the task's name, once the current transaction commits.

The one way the portal queues work (STYLE 2). A task queued inside a transaction could start before
the rows it reads exist for it, and one queued for a transaction that rolls back must not run: so
every task goes on commit (at once when no transaction is open). Work is named, not imported, so a
domain function never imports the module that sends its emails (which imports it back); the name
is the task's explicit, stable `name=`, the one queued messages and the beat schedule use.

Handing work to the broker can fail after the commit (Redis is down or restarting). What was saved
stays saved and is not undone by a server error: every queued piece of work is a row in a waiting
state (an outbox row, a certificate to render), which the sweep (hubportal.tasks) queues again once
the broker is back. So a failed hand-over is logged, not raised, and noted for the request, whose
page then says the sending will happen shortly (hubportal.middleware.QueueHandoverMiddleware).
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery import current_app
from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

# Rows one task takes: an email task sends them over one SMTP connection.
CHUNK = 50

# What a publish raises when the broker cannot be reached: kombu wraps the transport's own errors in
# OperationalError once its retries are spent; a socket error can still come through unwrapped.
BROKER_UNREACHABLE = (KombuError, OSError)

# The names of tasks that could not be handed over during the current request (None: nobody is watching).
_not_handed_over: ContextVar[list[str] | None] = ContextVar("not_handed_over", default=None)


def chunks(ids: list[int], size: int = CHUNK) -> list[list[int]]:
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def task_named(name: str):
    """The registered task called `name`; KeyError if no module in settings.CELERY_IMPORTS defines one."""
    if name not in current_app.tasks:
        # The web process imports a task module only when something first needs it.
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


@contextmanager
def watching_handover() -> Iterator[list[str]]:
    """Collect, for the block, the names of tasks whose hand-over to the broker failed."""
    failed: list[str] = []
    token = _not_handed_over.set(failed)
    try:
        yield failed
    finally:
        _not_handed_over.reset(token)


def hand_over(name: str, argument_lists: list[tuple], *, countdown: int | None = None, swept: bool = True) -> bool:
    """Publish the task called `name` once per argument tuple, now (to run `countdown` seconds later, if given);
    False if the broker could not be reached.

    It stops at the first failure: the broker is unlikely to be back a moment later, and each try
    waits for kombu's retries. The rest stay saved and waiting, for the sweep. Work the sweep does
    not take back (`swept=False`: its caller deals with the failure) is not noted for the request.
    """
    task = task_named(name)
    for args in argument_lists:
        try:
            if countdown is None:
                task.delay(*args)
            else:
                task.apply_async(args, countdown=countdown)
        except BROKER_UNREACHABLE as exc:
            logger.error("Could not hand %s to the broker (%s); %s", name, exc,
                         "the sweep queues what is waiting once it is back" if swept else "it is recorded as not started")
            failed = _not_handed_over.get()
            if failed is not None and swept:
                failed.append(name)
            return False
    return True


def queue_on_commit(name: str, *args, if_not_handed_over: Callable[[], object] | None = None) -> None:
    """Run the task called `name` with `args` (ids and JSON-safe values) once the transaction commits.

    Work that no sweep takes back (an upload to check) passes `if_not_handed_over`, which runs instead
    when the broker cannot be reached: it should say so on the record, so nobody waits for ever.
    """
    task_named(name)  # a mistyped name fails here, in the caller, not after the commit

    def after_commit() -> None:
        if not hand_over(name, [args], swept=if_not_handed_over is None) and if_not_handed_over is not None:
            if_not_handed_over()

    transaction.on_commit(after_commit)


def queue_chunks_on_commit(name: str, ids: list[int], *, size: int = CHUNK) -> None:
    """Run the task called `name` once per chunk of `ids` (one SMTP connection or one document each)."""
    task_named(name)
    argument_lists = [(chunk,) for chunk in chunks(ids, size)]
    if argument_lists:
        transaction.on_commit(lambda: hand_over(name, argument_lists))
