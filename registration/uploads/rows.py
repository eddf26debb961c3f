"""Reading a school's CSV of ECTs: first the file as a whole, then each row's cells.

The file as a whole (size, encoding, headings, number of rows) is read by the one reader,
`hubportal.lib.csv_upload`, as `ECT_FILE` describes it: a problem there stops at once with one
message for the file field, because no row can be trusted then. A cell that cannot be
read is only recorded against its column: `check_rows` goes on to check every
other cell of every row, so the school sees all of its problems at once (STYLE rule 3).
The rules themselves (TRN, date of birth, names, email, dates, FTE, programme, duplicates
and movers) are the one-at-a-time flow's, in `identifiers` and `registration`; this module
turns text into the values those rules take and applies them to every row against one
`KnownTeachers` for the whole file, so checking costs the same few queries for 1 row or
1,000 (STYLE rules 3 and 15).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from hubportal.lib import csv_upload
from hubportal.lib.csv_upload import DATE_HINT, CsvFormat, CsvRow, decimal_point, heading_key, read_choice, read_date
from participants.models import ECTAtSchoolPeriod, LeadProvider, School, TrainingProgramme, WorkingPattern
from participants.people.identifiers import normalise_trn, validate_date_of_birth
from registration.teachers import ECTDetails, KnownTeachers, check_against_records, check_ect_fields

HEADINGS = (
    "trn",
    "date_of_birth",
    "first_name",
    "last_name",
    "corrected_name",
    "email",
    "start_date",
    "working_pattern",
    "fte",
    "training_programme",
    "lead_provider",
)
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
ECT_FILE = CsvFormat(
    headings=HEADINGS,
    max_bytes=MAX_FILE_BYTES,
    max_rows=MAX_ROWS,
    rows_word="ECTs",
    no_rows="The selected file has no ECTs in it. Add one row for each ECT under the headings",
    # What a school's own spreadsheet may call a column ("First name" and "Start date" are found without these).
    aliases={
        "Teacher reference number": "trn", "Teacher reference number (TRN)": "trn", "DOB": "date_of_birth",
        "Email address": "email", "Programme": "training_programme", "Full time or part time": "working_pattern",
    },
)

# Lengths of the Teacher columns the values end up in: a longer value must be a row problem, not a database error.
MAX_NAME = 150
MAX_CORRECTED_NAME = 200
MAX_EMAIL = 254


# A worker reports how far it has got this often (a query each time while checking).
PROGRESS_EVERY = 50

# The registration checks name fields; the school reads CSV columns.
COLUMN_FOR_FIELD = {"started_on": "start_date"}
# Where the one-at-a-time flow's wording speaks of a radio button, the CSV needs the value to type.
CSV_WORDING = {
    "working_pattern": "Enter full_time or part_time",
    "training_programme": "Enter provider_led or school_led",  # IND-007
    "lead_provider": "Enter the lead provider of a provider-led ECT, by its name in the list on the upload page",
}
COLUMN_ORDER = {heading: position for position, heading in enumerate(("", *HEADINGS))}
Progress = Callable[[int], None]


def read_rows(text: str) -> list[CsvRow]:
    """A school's CSV of ECTs, read by the one reader (hubportal.lib.csv_upload)."""
    return csv_upload.read_rows(ECT_FILE, text)


def read_upload(filename: str, size: int, data: bytes) -> tuple[str, list[CsvRow]]:
    """The decoded text and its rows, or FileProblem with the one message for the file field."""
    return csv_upload.read_upload(ECT_FILE, filename, size, data)


def typed_name(row: CsvRow) -> str:
    """The teacher's name as typed, to say whose row a problem is on."""
    return f"{row['first_name']} {row['last_name']}".strip()


@dataclass
class RowAnswers:
    """A row's cells as the registration checks take them; a cell that could not be read is None.

    `errors` holds, by CSV column, what could not be read at all. The checks in
    `registration` then apply the same rules as the one-at-a-time flow to the rest.
    """

    trn: str | None
    first_name: str
    last_name: str
    corrected_name: str
    email: str
    started_on: date | None
    working_pattern: str
    fte: Decimal | None
    training_programme: str
    lead_provider_id: int | None
    date_of_birth: date | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _choice(value: str, choices) -> str:
    """'Part time', 'part-time' and 'PART_TIME' all mean part_time; 'Provider-led' is provider_led.

    A value that is neither code nor label goes on as typed, for the registration's own check to name.
    """
    return read_choice(value, choices) or heading_key(value)


def read_answers(row: CsvRow, *, today: date, lead_providers: dict[str, int]) -> RowAnswers:
    """`lead_providers` maps each active provider's name, casefolded, to its id."""
    errors: dict[str, str] = {}
    trn = _read_trn(row, errors)
    date_of_birth = _read_date_of_birth(row, today=today, errors=errors)
    started_on = _read_start_date(row, errors)
    for heading, limit in (("first_name", MAX_NAME), ("last_name", MAX_NAME), ("corrected_name", MAX_CORRECTED_NAME), ("email", MAX_EMAIL)):
        if len(row[heading]) > limit:
            errors[heading] = f"{heading.replace('_', ' ').capitalize()} must be {limit} characters or fewer"
    working_pattern = _choice(row["working_pattern"], WorkingPattern.choices)
    fte = _read_fte(row, working_pattern, errors)
    programme = _choice(row["training_programme"], TrainingProgramme.choices)
    lead_provider_id = _read_lead_provider(row, programme, lead_providers, errors)
    if row.shape_problem:
        errors[""] = row.shape_problem
    return RowAnswers(
        trn=trn,
        first_name=row["first_name"],
        last_name=row["last_name"],
        corrected_name=row["corrected_name"],
        email=row["email"],
        started_on=started_on,
        working_pattern=working_pattern,
        fte=fte,
        training_programme=programme,
        lead_provider_id=lead_provider_id,
        date_of_birth=date_of_birth,
        errors=errors,
    )


def _read_trn(row: CsvRow, errors: dict[str, str]) -> str | None:
    try:
        return normalise_trn(row["trn"])  # ID-TRN-003
    except ValidationError as error:
        errors["trn"] = error.messages[0]
        return None


def _read_date_of_birth(row: CsvRow, *, today: date, errors: dict[str, str]) -> date | None:
    """ID-DOB-001. Kept only sealed on the claim, for RIAB's upload (appropriate_body RULES.md, ID-DOB-002)."""
    if not row["date_of_birth"]:
        errors["date_of_birth"] = "Enter their date of birth"
    elif (born := read_date(row["date_of_birth"])) is None:
        errors["date_of_birth"] = f"Date of birth must be a real date, as {DATE_HINT}"
    else:
        try:
            validate_date_of_birth(born, today=today)
        except ValidationError as error:
            errors["date_of_birth"] = error.messages[0]
        else:
            return born
    return None


def _read_start_date(row: CsvRow, errors: dict[str, str]) -> date | None:
    if not row["start_date"]:
        errors["start_date"] = "Enter the date they start at this school as an ECT"
        return None
    started_on = read_date(row["start_date"])
    if started_on is None:
        errors["start_date"] = f"Start date must be a real date, as {DATE_HINT}"
    return started_on


def _read_fte(row: CsvRow, working_pattern: str, errors: dict[str, str]) -> Decimal | None:
    if not row["fte"]:
        return None
    try:
        fte = Decimal(decimal_point(row["fte"]))
    except InvalidOperation:
        errors["fte"] = "FTE must be a number, for example 0.6"
        return None
    if not fte.is_finite():
        errors["fte"] = "FTE must be a number, for example 0.6"
        return None
    if working_pattern == WorkingPattern.FULL_TIME and fte != 1:
        errors["fte"] = "Leave FTE empty for a full-time ECT, or change working_pattern to part_time"
    return fte


def _read_lead_provider(row: CsvRow, programme: str, lead_providers: dict[str, int], errors: dict[str, str]) -> int | None:
    if not row["lead_provider"]:
        return None
    if programme == TrainingProgramme.SCHOOL_LED:
        errors["lead_provider"] = "Leave lead_provider empty for a school-led ECT, or change training_programme to provider_led"
        return None
    lead_provider_id = lead_providers.get(row["lead_provider"].casefold())
    if lead_provider_id is None:
        errors["lead_provider"] = f'"{row["lead_provider"]}" is not a lead provider we know. Use a name from the list on the upload page'
    return lead_provider_id


# --- Checking every row ------------------------------------------------------------------------


@dataclass
class ReadyRow:
    """A row that passed every check, with the periods at other schools that saving it finishes."""

    line: int
    details: ECTDetails
    moves_from: list[ECTAtSchoolPeriod] = field(default_factory=list)


@dataclass
class CheckedFile:
    ready: list[ReadyRow]
    # [{"line": 3, "name": "Ada Lovelace", "column": "trn", "message": "..."}], by line then column.
    problems: list[dict]
    known: KnownTeachers
    lead_providers: dict[int, str]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_with_problems(self) -> int:
        return len({problem["line"] for problem in self.problems})


def _active_lead_providers() -> dict[int, str]:
    return dict(LeadProvider.objects.filter(is_active=True).values_list("pk", "name"))


def _also_on(lines: list[int], line: int) -> str:
    others = [str(other) for other in lines if other != line]
    if len(others) == 1:
        return f"line {others[0]}"
    return f"lines {', '.join(others[:-1])} and {others[-1]}"


def _repeats(rows: Sequence[CsvRow], values: Sequence[str | None]) -> dict[int, list[int]]:
    """Line -> every line holding the same value, for values on more than one line."""
    lines_by_value: dict[str, list[int]] = defaultdict(list)
    for row, value in zip(rows, values, strict=True):
        if value:
            lines_by_value[value].append(row.line)
    return {line: lines for lines in lines_by_value.values() if len(lines) > 1 for line in lines}


def _details(answers: RowAnswers, *, today: date) -> ECTDetails:
    # A cell that could not be read is already a problem of its own column; a stand-in value keeps
    # the other checks running without adding a second message there.
    return ECTDetails(
        trn=answers.trn or "",
        first_name=answers.first_name,
        last_name=answers.last_name,
        email=answers.email,
        started_on=answers.started_on or today,
        working_pattern=answers.working_pattern,
        training_programme=answers.training_programme,
        corrected_name=answers.corrected_name,
        fte=answers.fte if answers.working_pattern == WorkingPattern.PART_TIME else None,
        lead_provider_id=answers.lead_provider_id if answers.training_programme == TrainingProgramme.PROVIDER_LED else None,
        date_of_birth=answers.date_of_birth,
    )


def _columns(errors: dict[str, str]) -> dict[str, str]:
    return {COLUMN_FOR_FIELD.get(name, name): CSV_WORDING.get(name, message) for name, message in errors.items()}


def check_rows(school: School, rows: Sequence[CsvRow], *, today: date, progress: Progress | None = None) -> CheckedFile:
    """Every row checked, in the same number of queries however many rows there are.

    `progress(n)` is called every PROGRESS_EVERY rows; it is the only thing that may query per row.
    """
    lead_providers = _active_lead_providers()
    provider_ids = set(lead_providers)
    by_name = {name.casefold(): pk for pk, name in lead_providers.items()}
    answers = [read_answers(row, today=today, lead_providers=by_name) for row in rows]
    known = KnownTeachers(
        [a.trn for a in answers if a.trn], [a.email for a in answers if a.email], today=today
    )
    same_trn = _repeats(rows, [a.trn for a in answers])
    same_email = _repeats(rows, [a.email.lower() for a in answers])

    ready: list[ReadyRow] = []
    problems: list[dict] = []
    for number, (row, answer) in enumerate(zip(rows, answers, strict=True), start=1):
        details = _details(answer, today=today)
        errors = _columns(check_ect_fields(details, today=today, lead_provider_ids=provider_ids))
        moves_from: list[ECTAtSchoolPeriod] = []
        if answer.trn:
            records = check_against_records(school, details, known)
            errors = {**_columns(records.errors), **errors}
            moves_from = records.moves_from
        if row.line in same_trn:
            errors["trn"] = f"This TRN is also on {_also_on(same_trn[row.line], row.line)}. Each ECT needs one row"
        if row.line in same_email:
            errors["email"] = f"This email address is also on {_also_on(same_email[row.line], row.line)}. Each ECT needs their own"
        errors.update(answer.errors)  # a cell that could not be read: its own message says why
        if errors:
            problems.extend(
                {"line": row.line, "name": typed_name(row), "column": column, "message": errors[column]}
                for column in sorted(errors, key=COLUMN_ORDER.__getitem__)
            )
        else:
            ready.append(ReadyRow(line=row.line, details=details, moves_from=moves_from))
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
    return CheckedFile(ready=ready, problems=problems, known=known, lead_providers=lead_providers)
