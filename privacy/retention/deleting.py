"""Forgetting rows completely: the live row, the copies django-simple-history kept of it, and its files.

Deleting a tracked row makes simple-history write one more copy (a "-" row holding every field), so
the history rows go after the live ones, by the ids they shared. Files are deleted once the
transaction commits: a batch that rolls back keeps its files with its rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The historical model django-simple-history keeps beside `model`, if it keeps one."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def is_history_model(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and hasattr(model, "history_date")


def forget_history(model: type[models.Model], ids: Iterable[int]) -> None:
    """Delete every history row of these records: after a reduction, the old values must not live on there."""
    history = history_model(model)
    ids = list(ids)
    if history is not None and ids:
        history.objects.filter(id__in=ids).delete()


def _stored_files(model: type[models.Model], ids: list[int]) -> list[tuple]:
    fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    found = []
    for field in fields:
        names = model.objects.filter(pk__in=ids).exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        found += [(field.storage, name) for name in names if name]
        history = history_model(model)
        if history is not None:
            # An earlier version of the row may name a file since replaced.
            older = history.objects.filter(id__in=ids).exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            found += [(field.storage, name) for name in set(older) if name]
    return list(dict.fromkeys(found))


def ids_of(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def delete_files_on_commit(model: type[models.Model], ids: list[int]) -> None:
    """The files these rows (and their earlier versions) name go once the caller's transaction commits.
    Call it before the rows or their history change: it reads the names from them."""
    files = _stored_files(model, ids)
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def delete_records(model: type[models.Model], ids: Iterable[int]) -> int:
    """Delete these rows, their history rows and their stored files. The caller has removed what protects them."""
    ids = list(ids)
    if not ids:
        return 0
    delete_files_on_commit(model, ids)
    deleted = model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0)
    forget_history(model, ids)
    return deleted
