"""The portal's navigation: a handful of sections per role in the service navigation, and each
section's own pages in a sub navigation on the pages inside it.

A page belongs to the section whose sub navigation names it, or else to the section that owns the
start of its path (a school's ECT page sits under "Schools"). The person's own pages (events,
certificates, golden thread, sign-in settings) are one section, "Your account", for every role.
"""

from dataclasses import dataclass

from django.urls import reverse

from participants.models import Role

EVERYONE = None  # an entry every signed-in person sees
HUB = frozenset({Role.HUB_STAFF})
SCHOOL_PEOPLE = frozenset({Role.HUB_STAFF, Role.AB_STAFF, Role.INDUCTION_TUTOR, Role.HEADTEACHER})
TUTORS_AND_HUB = frozenset({Role.HUB_STAFF, Role.INDUCTION_TUTOR})
SCHOOL_LISTERS = frozenset({Role.HUB_STAFF, Role.AB_STAFF, Role.INDUCTION_TUTOR})
CONFIRMERS = frozenset({Role.HUB_STAFF, Role.HEADTEACHER})
EVENT_PEOPLE = frozenset({Role.HUB_STAFF, Role.FACILITATOR})
AB = frozenset({Role.AB_STAFF})
HUB_AND_AB = frozenset({Role.HUB_STAFF, Role.AB_STAFF})


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    roles: frozenset | None = EVERYONE


@dataclass(frozen=True)
class Section:
    label: str
    pages: tuple[Page, ...]
    # Paths (after the leading slash) whose pages sit in this section though its sub navigation does not name them.
    paths: tuple[str, ...] = ()
    roles: frozenset | None = EVERYONE


SECTIONS = (
    Section("Home", (Page("Home", "home"),)),
    Section(
        "Schools",
        (
            Page("Schools", "participants:school_list", SCHOOL_LISTERS),
            Page("Registrations", "participants:registration_list", HUB_AND_AB),
            Page("Invitations", "participants:invitation_list", TUTORS_AND_HUB),
            Page("Headteachers to confirm", "participants:headteacher_confirmations", CONFIRMERS),
            Page("Closed schools", "participants:school_merges", HUB),
        ),
        paths=("schools/", "registrations/", "invitations/", "headteachers/"),
        roles=SCHOOL_PEOPLE,
    ),
    Section(
        "Induction",
        (
            Page("To do", "appropriate_body:todo"),
            Page("Caseload", "appropriate_body:caseload"),
            Page("Claims", "appropriate_body:claim_list"),
            Page("Assessments", "appropriate_body:ab_assessments"),
            Page("Agreements", "appropriate_body:agreement_list"),
            Page("Fidelity checks", "appropriate_body:fidelity_checks"),
            Page("Concerns", "appropriate_body:concern_list"),
            Page("QA queue", "appropriate_body:qa_queue"),
            Page("Workload", "appropriate_body:workload"),
        ),
        paths=("ab/",),
        roles=AB,
    ),
    Section(
        "Events",
        (
            Page("Events", "programmes:event_list", HUB),
            Page("Registers", "programmes:register_events"),
            Page("Evaluations", "programmes:survey_list", HUB),
        ),
        paths=("events/", "hub/evaluations/"),
        roles=EVENT_PEOPLE,
    ),
    Section(
        "Programmes",
        (
            Page("Programmes", "programmes:programme_list"),
            Page("Nominations", "programmes:pending_nominations"),
            Page("Completions and certificates", "programmes:cohort_list"),
        ),
        paths=("programmes/",),
        roles=HUB,
    ),
    # The hub's figures and the personal data behind them: what it knows, and how long it keeps it.
    Section(
        "Insight and data",
        (
            Page("Insight", "programmes:hub_insight"),
            Page("Data requests", "privacy:request_list"),
            Page("Data retention", "privacy:retention_schedule"),
            Page("Privacy notice", "privacy:notice_versions"),
        ),
        paths=("hub/insight/", "hub/data-retention/", "hub/data-requests/", "hub/privacy-notice/"),
        roles=HUB,
    ),
    Section(
        "Your account",
        (
            Page("Your events", "programmes:my_events"),
            Page("Your induction", "appropriate_body:my_induction", frozenset({Role.ECT})),
            Page("Your mentees", "appropriate_body:mentor_schedules", frozenset({Role.MENTOR})),
            Page("Certificates", "programmes:my_certificates"),
            Page("Golden thread", "programmes:my_golden_thread"),
            Page("Evaluations", "programmes:my_evaluations"),
            Page("Email addresses", "account_email"),
            Page("Password", "account_change_password"),
            Page("Two-step sign-in", "mfa_index"),
        ),
        paths=("my/", "accounts/"),
    ),
)


def _sees(roles: frozenset, allowed: frozenset | None) -> bool:
    return allowed is EVERYONE or bool(roles & allowed)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class Navigation:
    sections: list[Link]
    # The current section's own pages, on those pages themselves, when it has more than one the person may open:
    # a page deeper in (a school, a case) has its own way back and, for a school, its own sub navigation.
    sub_pages: list[Link]
    section_label: str


def navigation_for(roles: frozenset, *, view_name: str, path: str) -> Navigation:
    """The sections and the current section's pages that someone with `roles` sees on the page at `path`."""
    path = path.lstrip("/")
    pages_of = {
        section: pages
        for section in SECTIONS
        if _sees(roles, section.roles) and (pages := [page for page in section.pages if _sees(roles, page.roles)])
    }
    current = _current_section(list(pages_of), view_name, path)
    sections = [Link(section.label, reverse(pages[0].url_name), section is current) for section, pages in pages_of.items()]
    sub_pages = []
    on_its_page = current is not None and any(page.url_name == view_name for page in pages_of[current])
    if on_its_page and len(pages_of[current]) > 1:
        sub_pages = [Link(page.label, reverse(page.url_name), page.url_name == view_name) for page in pages_of[current]]
    return Navigation(sections, sub_pages, current.label if current else "")


def _current_section(sections: list[Section], view_name: str, path: str) -> Section | None:
    for section in sections:
        if any(page.url_name == view_name for page in section.pages):
            return section
    for section in sections:
        if any(path.startswith(prefix) for prefix in section.paths):
            return section
    return None
