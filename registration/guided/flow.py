"""The guided "Register one ECT" flow: its steps and the answers held between them.

The answers live in the session, one entry per school, as JSON-safe values (dates as ISO
strings, Decimals as strings). The date of birth finds the teacher record and is kept only
sealed (hubportal.lib.sealed), never in plain text, for the claim's hand-over to RIAB
(appropriate_body RULES.md, the exception to ID-DOB-002). Nothing is written to the database
until the check-your-answers page calls `register_ect` once with every answer.
"""

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal

from hubportal.lib.sealed import InvalidToken, seal, unseal
from participants.models import TrainingProgramme, WorkingPattern
from registration.teachers import ECTDetails, MentorDetails

SESSION_PREFIX = "ect_registration:"

# The pages in order; "check" is check-your-answers and needs every other step answered.
STEPS = ("find", "name", "email", "start-date", "working-pattern", "programme", "mentor", "check")
QUESTION_STEPS = STEPS[:-1]

# How the mentor question was answered.
MENTOR_EXISTING, MENTOR_NEW, MENTOR_LATER = "existing", "new", "later"

# Which step asks for each field that register_ect can refuse, so the check page can send
# the tutor to the page that fixes it.
STEP_OF_FIELD = {
    "trn": "find",
    "first_name": "name",
    "last_name": "name",
    "corrected_name": "name",
    "email": "email",
    "started_on": "start-date",
    "working_pattern": "working-pattern",
    "fte": "working-pattern",
    "training_programme": "programme",
    "lead_provider": "programme",
    "mentor": "mentor",
}


def step_for_error(key: str) -> str:
    if key.startswith("mentor_"):
        return "mentor"
    return STEP_OF_FIELD.get(key, "check")


@dataclass
class Answers:
    trn: str = ""
    # The name the teacher record lookup returned, when it knows one (a TRS client would).
    record_first_name: str = ""
    record_last_name: str = ""
    # What a record service (TRS) said of QTS, induction and prohibition, and when: carried to the AB's
    # claim so AB staff start from it.
    record_check: dict = field(default_factory=dict)
    # The date of birth from the find step, sealed: the claim keeps it for RIAB's upload.
    sealed_date_of_birth: str = ""
    first_name: str = ""
    last_name: str = ""
    corrected_name: str = ""
    email: str = ""
    started_on: date | None = None
    working_pattern: str = ""
    fte: Decimal | None = None
    training_programme: str = ""
    lead_provider_id: int | None = None
    mentor_choice: str = ""
    # public_id of the chosen MentorAtSchoolPeriod (MENTOR_EXISTING).
    mentor_id: str = ""
    # trn, first_name, last_name, email of a mentor to register with the ECT (MENTOR_NEW).
    new_mentor: dict = field(default_factory=dict)
    # Steps the tutor has answered; a step is reachable once every earlier one is here.
    answered: list = field(default_factory=list)

    # -- session round trip -------------------------------------------------------------

    def to_session(self) -> dict:
        data = asdict(self)
        data["started_on"] = self.started_on.isoformat() if self.started_on else None
        data["fte"] = str(self.fte) if self.fte is not None else None
        return data

    @classmethod
    def from_session(cls, data: dict | None) -> "Answers":
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if values.get("started_on"):
            values["started_on"] = date.fromisoformat(values["started_on"])
        if values.get("fte") is not None:
            values["fte"] = Decimal(values["fte"])
        return cls(**values)

    # -- where the tutor is ---------------------------------------------------------------

    @property
    def has_record_name(self) -> bool:
        return bool(self.record_first_name or self.record_last_name)

    @property
    def display_name(self) -> str:
        return self.corrected_name or f"{self.first_name} {self.last_name}".strip()

    def mark_answered(self, step: str) -> None:
        if step not in self.answered:
            self.answered.append(step)

    def forget(self, step: str) -> None:
        if step in self.answered:
            self.answered.remove(step)

    def first_unanswered(self) -> str | None:
        return next((step for step in QUESTION_STEPS if step not in self.answered), None)

    def may_open(self, step: str) -> bool:
        """A step opens once every step before it is answered."""
        return all(earlier in self.answered for earlier in STEPS[: STEPS.index(step)])

    # -- what register_ect takes ------------------------------------------------------------

    def keep_date_of_birth(self, born: date) -> None:
        self.sealed_date_of_birth = seal(born.isoformat())

    def ect_details(self) -> ECTDetails:
        part_time = self.working_pattern == WorkingPattern.PART_TIME
        provider_led = self.training_programme == TrainingProgramme.PROVIDER_LED
        return ECTDetails(
            trn=self.trn,
            first_name=self.first_name,
            last_name=self.last_name,
            corrected_name=self.corrected_name,
            email=self.email,
            started_on=self.started_on,
            working_pattern=self.working_pattern,
            fte=self.fte if part_time else None,
            training_programme=self.training_programme,
            lead_provider_id=self.lead_provider_id if provider_led else None,
            date_of_birth=self._date_of_birth(),
        )

    def _date_of_birth(self) -> date | None:
        if not self.sealed_date_of_birth:
            return None
        try:
            return date.fromisoformat(unseal(self.sealed_date_of_birth))
        except InvalidToken:
            # The key changed mid-flow: the claim goes without it and AB staff enter it in RIAB by hand.
            return None

    def new_mentor_details(self) -> MentorDetails | None:
        if self.mentor_choice != MENTOR_NEW or not self.new_mentor:
            return None
        return MentorDetails(**{key: self.new_mentor.get(key, "") for key in ("trn", "first_name", "last_name", "email")})


def previous_step(step: str) -> str | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def next_step(step: str) -> str:
    return STEPS[STEPS.index(step) + 1]


def session_key(urn: int) -> str:
    return f"{SESSION_PREFIX}{urn}"


def load(session, urn: int) -> Answers:
    return Answers.from_session(session.get(session_key(urn)))


def save(session, urn: int, answers: Answers) -> None:
    session[session_key(urn)] = answers.to_session()


def clear(session, urn: int) -> None:
    session.pop(session_key(urn), None)
