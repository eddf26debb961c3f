"""Every export, downloaded with hostile values in every text field it writes: no cell is ever a formula.

EXPORTS names every URL that answers with a spreadsheet (CSV or XLSX), with the query strings that
pick one file. `test_every_export_view_has_a_row` fails when a view reaches the exporter
(hubportal.lib.exports) without a row here, or a row names a view that does not reach it;
`test_only_the_exporter_writes_spreadsheets` fails when a file of rows is written any other way.
"""

import csv
import inspect
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from appropriate_body.agreements.agreements import current_terms
from appropriate_body.models import BulkUpload, ServiceAgreement
from hubportal.lib import exports
from participants.models import LeadProvider, School, Teacher, User
from programmes.insight import figures as insight
from programmes.models import Evaluation, EvaluationAnswer, Event, EventInvitation
from programmes.tests.factories import build_world, this_year
from registration.models import RegistrationUpload

from . import test_access_walk as access_walk
from .access_rows import all_rows
from .test_access_walk import portal_patterns, route_to_path, walk

# The access walk's hub (a registered ECT, an induction, an event, uploads...) and its URL parameters.
url_kwargs = access_walk.url_kwargs

HUB_TABLES = list(insight.hub_tables(insight.Year(2026), now=timezone.now()))
SCHOOL_TABLES = list(insight.school_tables(insight.Year(2026), School(), now=timezone.now()))

# Every export URL and the files it gives (one per query string).
EXPORTS = {
    "appropriate_body:agreement_list": ["?format=csv"],
    "appropriate_body:bulk_template": [""],
    "appropriate_body:bulk_results": [""],
    "appropriate_body:case_history_export": [""],
    "appropriate_body:riab_claims_csv": [""],
    "appropriate_body:riab_actions_csv": [""],
    "participants:registration_export_csv": [""],
    "participants:registration_export_xlsx": [""],
    "participants:upload_template": [""],
    "participants:upload_problems": [""],
    "programmes:hub_insight": [f"?format=csv&table={key}" for key in HUB_TABLES],
    "programmes:school_insight": [f"?format=csv&table={key}" for key in SCHOOL_TABLES],
    "programmes:register_export": [""],
    "programmes:survey_csv": [""],
}
# Files with no typed text in them: a template's headings; tables whose rows are the portal's own
# labels (strands, cohorts, NPQ courses) and counts.
NO_TYPED_TEXT = {
    "appropriate_body:bulk_template", "participants:upload_template",
    # RIAB's files: TRNs, dates, terms and RIAB's own words for programmes and outcomes.
    "appropriate_body:riab_claims_csv", "appropriate_body:riab_actions_csv",
    "programmes:hub_insight?format=csv&table=strands", "programmes:hub_insight?format=csv&table=cohorts",
    "programmes:hub_insight?format=csv&table=npq", "programmes:school_insight?format=csv&table=strands",
    "programmes:school_insight?format=csv&table=cohorts", "programmes:school_insight?format=csv&table=npq",
}

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "  =1+1", "\uff1d1+1", "\uff20SUM(A1)"]
TRIGGERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMBER = re.compile(r"-?\d+(\.\d+)?")

# Every typed text field that an export writes (names, school facts, signatories, comments, titles),
# history rows included so that the case history's before and after values are hostile too.
TEXT_FIELDS = {
    School: ["name", "phase", "local_authority", "district"],
    User: ["first_name", "last_name"],
    Teacher: ["first_name", "last_name", "corrected_name"],
    Teacher.history.model: ["first_name", "last_name", "corrected_name"],
    LeadProvider: ["name"],
    ServiceAgreement: ["signatory_name", "signatory_job_title"],
    Event: ["title"],
    EventInvitation: ["first_name", "last_name"],
    EvaluationAnswer: ["comments"],
}


def hostile(n: int) -> str:
    # A number after the first round keeps unique fields (lead providers' names) unique.
    return HOSTILE[n % len(HOSTILE)] + (f" {n}" if n >= len(HOSTILE) else "")


def _poison():
    for model, fields in TEXT_FIELDS.items():
        for n, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True)):
            model.objects.filter(pk=pk).update(**{field: hostile(n + i) for i, field in enumerate(fields)})
    problems = [{"line": n + 2, "name": hostile(n), "column": hostile(n + 1), "message": hostile(n + 2)} for n in range(len(HOSTILE))]
    RegistrationUpload.objects.update(results=problems)
    results = [{"line": n + 2, "trn": hostile(n + 3), "name": hostile(n), "outcome": BulkUpload.Result.REFUSED, "message": hostile(n + 1)}
               for n in range(len(HOSTILE))]
    BulkUpload.objects.update(results=results)


@pytest.fixture
def hostile_hub(url_kwargs, school_a, hub_staff):
    """The access walk's hub with a year of insight figures, an agreement and a survey answer, then every text field hostile."""
    # A day already past in this academic year, as the insight tests take.
    today = timezone.localdate()
    build_world(this_year(), event_day=max(today - timedelta(days=1), date(this_year(), 9, 1)))
    ServiceAgreement.objects.create(school=school_a, terms=current_terms(timezone.localdate()), signatory_name="Head",
                                    signatory_job_title="Headteacher", accepted_by=hub_staff, accepted_at=timezone.now())
    by_parameter, _ = url_kwargs
    evaluation = Evaluation.objects.get(public_id=by_parameter["evaluation"])
    EvaluationAnswer.objects.create(evaluation=evaluation, school=school_a, respondent=hub_staff, rating=2, comments="Fine")
    # The walk's event register: someone marked present by hub staff.
    event = Event.objects.get(public_id=by_parameter["event"])
    event.invitations.update(attended_at=timezone.now(), marked_by=hub_staff)
    # Someone from school A at the year's held conference: the school's own events table has a row.
    EventInvitation.objects.filter(event__title="Mentor conference 0", attended_at__isnull=False).update(school=school_a)
    _poison()
    return url_kwargs


def cells_of(response) -> list:
    """(value, data_type) for every cell of the file the response carries."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == exports.XLSX_TYPE:
        workbook = load_workbook(io.BytesIO(content))
        return [(cell.value, cell.data_type) for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return [(cell, "s") for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]


def live(value) -> bool:
    """A text cell that a spreadsheet would run (a number, even a negative one, is only a number)."""
    if not isinstance(value, str) or NUMBER.fullmatch(value.strip()):
        return False
    return value[:1] in ("\t", "\r", "\n") or value.lstrip()[:1] in TRIGGERS


def _role_for(name: str) -> str:
    expected = all_rows()[name]
    return next(role for role in ("hub_staff", "ab_staff", "tutor_a") if expected[role] == 200)


@pytest.mark.django_db
def test_every_export_writes_hostile_values_as_text(as_user, cast, hostile_hub):
    by_parameter, by_name = hostile_hub
    routes = dict(portal_patterns())
    failures = []
    for name, queries in EXPORTS.items():
        path = route_to_path(routes[name], by_name.get(name, {}), by_parameter)
        client = as_user(cast[_role_for(name)])
        for query in queries:
            response = client.get(path + query)
            assert response.status_code == 200, f"{name}{query}: {response.status_code}"
            assert response["Content-Disposition"].startswith("attachment; filename="), name
            cells = cells_of(response)
            failures += [f"{name}{query}: {value!r} ({kind})" for value, kind in cells if kind == "f" or live(value)]
            if f"{name}{query}" not in NO_TYPED_TEXT and name not in NO_TYPED_TEXT:
                # The hostile values did reach this file, as text.
                neutralised = [value for value, _ in cells if isinstance(value, str) and value.startswith("'")]
                if not neutralised:
                    failures.append(f"{name}{query}: none of the hostile values written as text")
    assert not failures, "\n".join(failures)


def reaches_exporter(view) -> bool:
    """Whether the view, or a function of its own module that it calls, uses hubportal.lib.exports."""
    function = inspect.unwrap(view)
    names = function.__globals__
    codes, seen = [function.__code__], set()
    while codes:
        code = codes.pop()
        if code in seen:
            continue
        seen.add(code)
        codes += [const for const in code.co_consts if inspect.iscode(const)]
        for name in code.co_names:
            value = names.get(name)
            if value is exports or (callable(value) and getattr(value, "__module__", None) == exports.__name__):
                return True
            if inspect.isfunction(value) and value.__module__ == function.__module__:
                codes.append(value.__code__)
    return False


def test_every_export_view_has_a_row():
    exporting = {name for name, _route, pattern in walk() if name in all_rows() and reaches_exporter(pattern.callback)}
    assert exporting == set(EXPORTS), f"no row: {exporting - set(EXPORTS)}; not an export: {set(EXPORTS) - exporting}"


def test_only_the_exporter_writes_spreadsheets():
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.writer|csv\.DictWriter|openpyxl|content_type=\"text/csv|StreamingHttpResponse")
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "node_modules", "bench", "tests"} or "tests" in relative.parts:
            continue
        if relative == Path("hubportal/lib/exports.py"):
            continue
        offenders += [f"{relative}: {match.group()}" for match in writers.finditer(path.read_text())]
    assert offenders == []
