"""A progress review's or assessment's record as a PDF, rendered by WeasyPrint from
templates/appropriate_body/assessments/report_pdf.html.

FA-005: the ECT keeps the original and the AB has a copy; PR-003: the ECT and the AB each get the
review's written record. DP-005 prefers the portal to email attachments, so the record is a download
for the people who may already read it (appropriate_body.access), never a file sent around.

A pure function of the record (STYLE 9): it reads the assessment and its judgements and writes
nothing. It uses the portal's PDF fonts (hubportal.lib.pdf), loaded once per process, and their fetcher, so nothing is
fetched from the network and the document looks the same on every machine.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus, Standard
from hubportal.lib.dates import long_date
from hubportal.lib.pdf import LocalOnlyFetcher, font_dir, loaded_fonts

# Not yet a record: the tutor is still writing it, or the schedule dropped it before it started.
# From submission on it is the record PR-003 and FA-005 send to the ECT and the AB.
UNPRINTABLE = (AssessmentStatus.NOT_STARTED, AssessmentStatus.IN_PROGRESS, AssessmentStatus.NOT_NEEDED)


@dataclass(frozen=True)
class JudgementLine:
    title: str
    judged: bool
    on_track: bool
    note: str


@dataclass(frozen=True)
class Signature:
    role: str
    name: str
    on: str  # "" when not signed yet


def is_printable(assessment: Assessment) -> bool:
    return assessment.status not in UNPRINTABLE


def report_filename(assessment: Assessment) -> str:
    """e.g. "progress-review-term-2-1234567.pdf": the kind, the term and the TRN, all ASCII."""
    kind = assessment.kind.replace("_", "-")
    return f"{kind}-term-{assessment.term_number}-{assessment.induction.teacher.trn}.pdf"


def judgement_lines(assessment: Assessment) -> list[JudgementLine]:
    """Every standard in the order of §5 (FA-003: TS1–TS8 and Part Two), from one query."""
    by_standard = {judgement.standard: judgement for judgement in assessment.judgements.all()}
    lines = []
    for code, title in Standard.choices:
        judgement = by_standard.get(code)
        lines.append(JudgementLine(title=title, judged=judgement is not None, on_track=bool(judgement and judgement.on_track),
                                   note=judgement.note if judgement else ""))
    return lines


def _signature(role: str, user, moment) -> Signature:
    if moment is None:
        return Signature(role=role, name="", on="")
    return Signature(role=role, name=str(user) if user else "", on=long_date(timezone.localdate(moment)))


def signatures(assessment: Assessment) -> list[Signature]:
    """FA-005's order: the induction tutor, then the headteacher, then the ECT."""
    return [
        _signature("Induction tutor", assessment.tutor_signed_by, assessment.tutor_signed_at),
        _signature("Headteacher", assessment.headteacher_signed_by, assessment.headteacher_signed_at),
        _signature("Early career teacher", assessment.ect_signed_by, assessment.ect_signed_at),
    ]


def report_html(assessment: Assessment, *, printed_on: date) -> str:
    return render_to_string("appropriate_body/assessments/report_pdf.html", {
        "assessment": assessment,
        "teacher": assessment.induction.teacher,
        "school": assessment.induction_period.school,
        "judgements": judgement_lines(assessment),
        "is_final": assessment.kind == AssessmentKind.FINAL_ASSESSMENT,
        "is_interim": assessment.kind == AssessmentKind.INTERIM_ASSESSMENT,
        # PR-004/FA-006: the support plan belongs with a judgement of not on track.
        "shows_support_plan": assessment.on_track is False or bool(assessment.support_plan),
        "signatures": [] if assessment.is_progress_review else signatures(assessment),
        "submitted_on": long_date(timezone.localdate(assessment.submitted_at)) if assessment.submitted_at else "",
        "due_on": long_date(assessment.due_on),
        # FA-005/DL-002: the meeting starts the clock for the signed copy reaching the AB.
        "meeting_on": long_date(assessment.meeting_on) if getattr(assessment, "meeting_on", None) else "",
        "printed_on": long_date(printed_on),
        "hub_name": settings.HUB_NAME,
        "primary": settings.HUB_PRIMARY_COLOUR,
    })


def render_assessment_pdf(assessment: Assessment, *, printed_on: date | None = None) -> bytes:
    """The record as one PDF. `printed_on` defaults to today; passing it makes the output repeatable."""
    font_config, fonts = loaded_fonts(str(font_dir()))
    html = HTML(string=report_html(assessment, printed_on=printed_on or timezone.localdate()),
                url_fetcher=LocalOnlyFetcher(), base_url=font_dir().as_uri())
    return html.write_pdf(stylesheets=[fonts], font_config=font_config)
