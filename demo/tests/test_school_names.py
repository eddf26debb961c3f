"""The demo's schools (demo/data/gias-sample.csv, a Windows-1252 GIAS extract) have names a school could have."""

import csv
import io
from collections import Counter

from demo.hub import DEFAULT_GIAS_PATH


def test_no_school_name_repeats_a_word_and_no_two_schools_share_a_name():
    rows = list(csv.DictReader(io.StringIO(DEFAULT_GIAS_PATH.read_bytes().decode("cp1252"), newline="")))
    names = [row["EstablishmentName"] for row in rows]
    assert len(names) == 320
    stuttering = [name for name in names if any(a.lower() == b.lower() for a, b in zip(name.split(), name.split()[1:], strict=False))]
    assert stuttering == []
    assert [name for name, count in Counter(names).items() if count > 1] == []
    # Nor does a website repeat the name's first word.
    doubled = [row["SchoolWebsite"] for row in rows if 2 * first_word(row["EstablishmentName"]) in row["SchoolWebsite"]]
    assert doubled == []


def first_word(name: str) -> str:
    return "".join(c for c in name.split()[0].lower() if c.isalpha())
