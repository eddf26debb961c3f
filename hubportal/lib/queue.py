"""Queueing work for the worker: by the task's name, once the current transaction commits.

The one way the portal queues work (STYLE 2). A task queued inside a transaction could start before
the rows it reads exist for it, and one queued for a transaction that rolls back must not run: so
every task goes on commit (at once when no transaction is open). Work is named, not imported, so a
domain function never imports the module that sends its emails (which imports it back); the name
is the task's explicit, stable `name=`, the one queued messages and the beat schedule use.
"""

from celery import current_app

# Rows one task takes: an email task sends them over one SMTP connection.
CHUNK = 50


def chunks(ids: list[int], size: int = CHUNK) -> list[list[int]]:
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def task_named(name: str):
    """The registered task called `name`; KeyError if no module in settings.CELERY_IMPORTS defines one."""
    if name not in current_app.tasks:
        # The web process imports a task module only when something first needs it.
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def queue_on_commit(name: str, *args) -> None:
    """Run the task called `name` with `args` (ids and JSON-safe values) once the transaction commits."""
    task_named(name).delay_on_commit(*args)


def queue_chunks_on_commit(name: str, ids: list[int], *, size: int = CHUNK) -> None:
    """Run the task called `name` once per chunk of `ids` (one SMTP connection or one document each)."""
    task = task_named(name)
    for chunk in chunks(ids, size):
        task.delay_on_commit(chunk)
