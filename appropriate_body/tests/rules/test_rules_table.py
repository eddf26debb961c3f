"""appropriate_body/RULES.md stays true: every statutory rule the code cites is in it, and every rule it calls tested is named by a test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TABLE = ROOT / "appropriate_body" / "RULES.md"
# Section 2's rule families; the look-behind keeps RIAB-005 from reading as AB-005.
RULE = re.compile(r"(?<![A-Z0-9])(?:IND|ELIG|INST|AB|REGN|LEN|MIN|ABS|EXT|TT|ROLE|PR|FA|INT|DL|REC|E25)-\d{3}")


def table() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in TABLE.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and RULE.fullmatch(cells[0]):
            rows[cells[0]] = (cells[1], cells[4])
    return rows


def texts(folder: str, *, tests: bool) -> str:
    files = [p for p in (ROOT / folder).rglob("*.py") if ("/tests/" in str(p)) == tests and "/migrations/" not in str(p)]
    return "\n".join(p.read_text() for p in files)


def test_every_rule_the_code_cites_is_in_the_table():
    cited = set(RULE.findall(texts("appropriate_body", tests=False)))
    assert cited - set(table()) == set()


def test_every_rule_called_tested_is_named_by_a_test():
    tests_text = "".join(texts(folder, tests=True) for folder in ("appropriate_body", "participants", "registration", "tests"))
    # A test names a rule as "ELIG-007" in text or "elig_007" in its name.
    def named(rule: str) -> bool:
        return re.search(rule.replace("-", "[-_]"), tests_text, re.IGNORECASE) is not None

    untested = [rule for rule, (status, _) in table().items() if status == "tested" and not named(rule)]
    assert untested == []


def test_every_rule_not_encoded_says_why():
    rows = table()
    assert len(rows) > 100
    assert [rule for rule, (status, note) in rows.items() if status == "not encoded" and not note] == []
    assert {status for status, _ in rows.values()} <= {"tested", "cited", "not encoded"}
