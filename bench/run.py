#!/usr/bin/env python3
"""Run the portal's benchmarks against PostgreSQL and Redis, with production-like settings.

    make bench                  # every bench/bench_*.py
    make bench ONLY=page_floor  # one (or several, comma-separated)
    .venv/bin/python bench/run.py --list

Each benchmark prints lines `bench NAME: VALUE UNIT`. The services are reached as CI reaches them;
the database is one of the benchmarks' own for each scale (`hubportal_bench_x5` at the default
BENCH_SCALE=5, bench/scale.py; created and migrated here, kept between runs; `--fresh` drops that
scale's database first). Settings are production's (DEBUG off, manifest static
files, secure cookies, HTTPS redirect, Redis cache) so the figures are those of a deployed portal.
The latest run is also written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
RESULTS_FILE = BENCH_DIR / "results" / "latest.json"

DEFAULTS = {
    # The database's name is the scale's (bench/scale.py): hubportal_bench_x5, hubportal_bench_x87...
    "BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/{database}",
    "BENCH_REDIS_URL": "redis://127.0.0.1:6379/0",
    "BENCH_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def configure_environment(database: str) -> None:
    """Production-like settings on the benchmarks' own services, whatever the shell had set.

    Set outright (not defaulted) so that a developer's DATABASE_URL never has the benchmarks write
    into their own database, and EMAIL_HOST is dropped so a benchmark never sends real mail.
    """
    bench = {name: os.environ.get(name, default.format(database=database)) for name, default in DEFAULTS.items()}
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hubportal.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-7c1f0e9a4b2d",
            "ALLOWED_HOSTS": "testserver",
            "SITE_URL": "https://testserver",
            "HUBPORTAL_VAR_DIR": str(BASE_DIR / "var" / "bench"),
            "DATABASE_URL": bench["BENCH_DATABASE_URL"],
            "REDIS_URL": bench["BENCH_REDIS_URL"],
            "CELERY_BROKER_URL": bench["BENCH_BROKER_URL"],
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )
    # The cache then lands in the database after REDIS_URL's, as in CI.
    for name in ("EMAIL_HOST", "CACHE_URL", "CELERY_TASK_ALWAYS_EAGER", "STATIC_ROOT", "MEDIA_ROOT", "EMAIL_FILE_PATH"):
        os.environ.pop(name, None)


def prepare_database(fresh: bool) -> None:
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"bench: BENCH_DATABASE_URL must name PostgreSQL, not {config['ENGINE']}")
    name = config["NAME"]
    admin = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            print(f"bench: dropping database {name}", flush=True)
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"bench: creating database {name}", flush=True)
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def check_redis() -> None:
    import redis

    for url in (os.environ["REDIS_URL"], os.environ["CELERY_BROKER_URL"]):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=5).ping()
        except redis.RedisError as exc:
            sys.exit(f"bench: Redis at {url} does not answer ({exc}); `make services` starts it")


def set_up_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    (BASE_DIR / "var" / "bench" / "mail").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    vacuum_if_nobody_does()
    from django.core.cache import cache

    cache.set("bench:ping", 1, timeout=5)  # the cache's Redis answers too
    # Every scale's database shares the cache: what a page kept for one (a count of cold spots) must not
    # be shown from another. Emptied when the database changes, so run one scale at a time.
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[-1]
    if cache.get("bench:database") != database:
        cache.clear()
        cache.set("bench:database", database, timeout=None)
    # With DEBUG off, templates resolve static files through the manifest, which collectstatic writes.
    collected = not static_files_current()
    if collected:
        call_command("collectstatic", interactive=False, verbosity=0)
    done = "migrated and static files collected" if collected else "migrated (static files unchanged)"
    print(f"bench: database {done} in {time.monotonic() - started:.1f} s", flush=True)


def vacuum_if_nobody_does() -> None:
    """VACUUM (ANALYZE) the database when the server runs without autovacuum, as some development servers do.

    A deployed PostgreSQL vacuums by itself; without it, the rows a seed or a migration rewrote stay dead
    and index-only scans read the table, so every figure would be a server's that nobody runs.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] == "on":
            return
        started = time.monotonic()
        cursor.execute("VACUUM (ANALYZE)")
    print(f"bench: autovacuum is off on this server; vacuumed in {time.monotonic() - started:.1f} s", flush=True)


def static_files_current() -> bool:
    """Whether the collected files and manifest are newer than every source file (collecting takes ~20 s)."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if os.path.getmtime(storage.path(path)) > built:
                return False
    return True


def seed_all() -> None:
    """Every scaled seed in turn, each timed (each skips what the database already holds)."""
    from bench_page_home_hub import seed as seed_home_hub
    from bench_page_home_tutor import seed as seed_home_tutor
    from bench_page_hub_dashboard import seed as seed_dashboard
    from seed_ects import seed as seed_ects
    from seed_inductions import seed as seed_inductions
    from seed_quality import seed as seed_quality

    def seed_tutors() -> None:
        ects = seed_ects()
        seed_home_tutor([ects.measured_urn, ects.big_urn])

    started = time.monotonic()
    for name, seed in (
        ("seed_ects", seed_ects), ("seed_inductions", seed_inductions), ("seed_quality", seed_quality),
        ("page_hub_dashboard", seed_dashboard), ("page_home_hub", seed_home_hub),
        ("page_home_tutor", seed_tutors),
    ):
        began = time.monotonic()
        seed()
        print(f"bench: seeded {name} in {time.monotonic() - began:.1f} s", flush=True)
    print(f"bench: every seed done in {time.monotonic() - started:.1f} s", flush=True)


def discover() -> dict[str, object]:
    sys.path.insert(0, str(BENCH_DIR))
    modules = {}
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        module = importlib.import_module(path.stem)
        name = getattr(module, "NAME", None)
        if not name or not callable(getattr(module, "run", None)):
            sys.exit(f"bench: {path.name} needs a NAME and a run()")
        if name in modules:
            sys.exit(f"bench: two benchmarks are named {name}")
        modules[name] = module
    return modules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--seed", action="store_true", help="seed this scale's database (each seed timed) and stop")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate this scale's benchmark database first")
    args = parser.parse_args()

    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    try:  # read first: the seeds size their rows from it when imported
        from scale import SCALE, database_name
    except ValueError as exc:  # scale.ScaleError: a clear message, not a traceback
        sys.exit(f"bench: {exc}")
    modules = discover()
    if args.list:
        for name, module in modules.items():
            print(f"{name}: {getattr(module, 'DESCRIPTION', '')}")
        return 0
    wanted = [name.strip() for name in args.only.split(",") if name.strip()] or list(modules)
    unknown = [name for name in wanted if name not in modules]
    if unknown:
        print(f"bench: no benchmark named {', '.join(unknown)}; there are: {', '.join(modules)}", file=sys.stderr)
        return 2

    configure_environment(database_name(SCALE))
    print(f"bench: scale {SCALE}x a hub, database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}", flush=True)
    prepare_database(args.fresh)
    check_redis()
    set_up_django()
    if args.seed:
        seed_all()
        return 0

    from benchlib import BenchError

    results = []
    failed = []
    for name in wanted:
        started = time.monotonic()
        try:
            for result in modules[name].run():
                print(result.line(), flush=True)
                results.append({"benchmark": name, "name": result.name, "value": result.value, "unit": result.unit, "note": result.note})
        except BenchError as exc:
            print(f"bench: {name} failed: {exc}", file=sys.stderr, flush=True)
            failed.append(name)
        print(f"bench: {name} took {time.monotonic() - started:.1f} s", flush=True)

    RESULTS_FILE.parent.mkdir(exist_ok=True)
    RESULTS_FILE.write_text(
        json.dumps(
            {
                "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "scale": SCALE,
                "database": os.environ["DATABASE_URL"].rsplit("/", 1)[-1],
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "results": results,
                "failed": failed,
            },
            indent=2,
        )
        + "\n"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
