"""The apps depend in one direction (DESIGN.md "Shape"): import-linter checks the imports (pyproject.toml);
these check what it cannot see, the database: no model points at a model of an app above its own or
beside it, and no migration waits for one of such an app."""

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

# participants is the base; programmes and the appropriate body sit on it and never on each other.
LAYER = {"participants": 1, "programmes": 2, "appropriate_body": 2, "registration": 3, "demo": 4}


def may_depend_on(app: str, other: str) -> bool:
    return app == other or other not in LAYER or LAYER[other] < LAYER[app]


def test_no_model_points_at_a_model_of_an_app_above_or_beside_its_own():
    upward = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_models()
        if model._meta.app_label in LAYER
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is not None
        and not may_depend_on(model._meta.app_label, field.related_model._meta.app_label)
    ]
    assert upward == []


def test_no_migration_waits_for_a_migration_of_an_app_above_or_beside_its_own():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    upward = [
        f"{app}.{name} -> {parent.key[0]}.{parent.key[1]}"
        for (app, name), node in graph.node_map.items()
        if app in LAYER
        for parent in node.parents
        if not may_depend_on(app, parent.key[0])
    ]
    assert upward == []
