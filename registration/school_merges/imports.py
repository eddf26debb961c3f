"""Import GIAS as DfE publishes it: the establishment extract, then the links file, whose successor links
move a closed school's people to the school that took over from it (registration.school_merges.merges).

The scheduled job takes the newest of each from settings.GIAS_IMPORT_DIR and records each file it
imported (GiasFileImport), so a file is imported once however often the job runs.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from django.db import IntegrityError, transaction

from participants.models import User
from participants.schools.gias import GiasFormatError, import_gias_file
from participants.schools.gias_links import GiasLinksFormatError, read_links_csv
from registration.models import GiasFileImport
from registration.school_merges.merges import LinksReport, apply_links

logger = logging.getLogger(__name__)

# The names GIAS gives its daily files: edubasealldataYYYYMMDD.csv and links_edubasealldataYYYYMMDD.csv.
EXTRACT_PATTERN = "edubasealldata*.csv"
LINKS_PATTERN = "links_edubasealldata*.csv"


def import_links_file(path: str | Path, *, today: date, actor: User | None = None) -> LinksReport:
    """Read a links file and move what closed schools with one successor still hold."""
    links, skipped = read_links_csv(path)
    return apply_links(links, today=today, actor=actor, skipped=skipped)


def newest(folder: Path, pattern: str) -> Path | None:
    # The date in the name sorts as text (YYYYMMDD); the file's time would change with a copy.
    found = sorted(path for path in folder.glob(pattern) if path.is_file())
    return found[-1] if found else None


def import_folder(folder: Path, *, today: date) -> list[str]:
    """Import the newest extract and then the newest links file not imported before; what was done, in words.

    The extract goes first: a successor new in today's files must be a school before its link can be followed.
    """
    done: list[str] = []
    for pattern, work in ((EXTRACT_PATTERN, import_gias_file), (LINKS_PATTERN, lambda path: import_links_file(path, today=today))):
        path = newest(folder, pattern)
        if path is None:
            continue
        try:
            with transaction.atomic():
                # The row is made first and the work runs in its transaction: two runs at once import a file once.
                record, made = GiasFileImport.objects.get_or_create(filename=path.name)
                if not made:
                    continue
                report = work(path)
                record.summary = report.summary()
                record.save(update_fields=["summary"])
        except (GiasFormatError, GiasLinksFormatError) as problem:
            logger.error("GIAS import of %s failed: %s", path.name, problem)  # tried again on the next run
            continue
        except IntegrityError:
            continue  # another run took the file first
        done.append(f"{path.name}: {record.summary}")
    return done
