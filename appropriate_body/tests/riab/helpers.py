"""RIAB's documented rules for a bulk upload row, to read the portal's CSVs back against (RIAB-006).

From DfE's register-early-career-teachers-public `app/models/concerns/batch_rows.rb`: TRN seven
digits; every cell but the error filled; dates ISO 8601 (YYYY-MM-DD); terms `\\d+(\\.\\d)?` from 0 to 16;
outcome pass, fail or release; the programme DIY, FIP or CIP (`process_batch/claim.rb` today), or
school-led or provider-led once RIAB takes the new words.
"""

import csv
import io
import re
from datetime import date

CLAIM_HEADINGS = ["TRN", "Date of birth", "Induction programme", "Induction period start date"]
ACTION_HEADINGS = ["TRN", "Date of birth", "Induction period end date", "Number of terms", "Outcome"]


def read_back(content: bytes) -> tuple[list[str], list[dict]]:
    # No BOM: RIAB matches the first heading as it is.
    text = content.decode("utf-8")
    assert not text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    headings = next(reader)
    return headings, [dict(zip(headings, row, strict=True)) for row in reader]


def is_iso_date(value: str) -> bool:
    try:
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(date.fromisoformat(value))
    except ValueError:
        return False


def check_claim_row(row: dict) -> None:
    assert all(row.values()), row
    assert re.fullmatch(r"\d{7}", row["TRN"]), row
    assert is_iso_date(row["Date of birth"]) and is_iso_date(row["Induction period start date"]), row
    assert re.fullmatch(r"(?i)diy|fip|cip|school-led|provider-led", row["Induction programme"]), row


def check_action_row(row: dict) -> None:
    assert all(row.values()), row
    assert re.fullmatch(r"\d{7}", row["TRN"]), row
    assert is_iso_date(row["Date of birth"]) and is_iso_date(row["Induction period end date"]), row
    assert re.fullmatch(r"\d+(\.\d)?", row["Number of terms"]) and 0 <= float(row["Number of terms"]) <= 16, row
    # Only what may go in bulk: never a fail.
    assert row["Outcome"] in ("pass", "release"), row


def error_file(headings: list[str], rows: list[list[str]]) -> bytes:
    """An error file as RIAB writes it (`process_batch/download.rb`): the headings plus "Error message", every value quoted."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([*headings, "Error message"])
    writer.writerows(rows)
    return out.getvalue().encode()
