"""Service agreements: the AB's published terms for a year, and each school's acceptance of them.

AB-007: the AB may charge reasonable fees, agreed in advance, at no more than the cost of the service.
The hub publishes per-ECT fees each academic year (ABD-013: school-led fidelity checking usually costs
more), and a school accepts them in the portal before the year starts. What a school accepted is kept
for good: agreements are never deleted, and the terms keep their history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow

DEFAULT_TERMS_TEXT = """\
The hub, as the school's appropriate body, will:
- register each early career teacher (ECT) the school tells us about, and give them a named contact at the hub;
- check that each post is suitable for induction and that the ECT is getting their entitlement;
- check the fidelity of school-led training to the Initial Teacher Training and Early Career Framework;
- quality-assure progress reviews and formal assessments, and act where an ECT is not making progress;
- decide, on the headteacher's recommendation, whether each ECT has met the Teachers' Standards, and tell the Teaching Regulation Agency.

The school will:
- tell the hub about each ECT before they take up their post;
- give each ECT a suitable post, a reduced timetable, a mentor and an induction tutor;
- complete progress reviews and formal assessments on time, through the portal;
- tell the hub promptly about absences, changes of post, leavers and any concerns;
- pay the fee for each ECT registered in the academic year, as invoiced by the hub.

Fees are charged per ECT registered for the academic year and are no more than the cost of the service.
"""


def default_fidelity_check_fee() -> Decimal:
    """The hub's standard fee for a fidelity check (settings.FIDELITY_CHECK_FEE_PENCE), in pounds."""
    return Decimal(settings.FIDELITY_CHECK_FEE_PENCE) / 100


def academic_year_label(year: int) -> str:
    """2026 → "2026/27"."""
    return f"{year}/{(year + 1) % 100:02d}"


class AgreementTerms(models.Model):
    """The AB service's terms and fees for one academic year, as hub staff publish them (in the admin)."""

    academic_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the academic year starts in: 2026 for 2026/27.")
    provider_led_fee = models.DecimalField(
        "fee per ECT, provider-led", max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    # ABD-013: school-led programmes need fidelity checking, so usually cost more.
    school_led_fee = models.DecimalField(
        "fee per ECT, school-led", max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    # ABD-011/ABD-013: a school with school-led ECTs pays once a year for the fidelity check (E25-003).
    fidelity_check_fee = models.DecimalField(
        "fee per fidelity check", max_digits=7, decimal_places=2, default=default_fidelity_check_fee,
        validators=[MinValueValidator(0)], help_text="Charged once a year to a school with school-led ECTs, when its check is done.")
    terms_text = models.TextField("terms", default=DEFAULT_TERMS_TEXT,
                                  help_text="What the appropriate body does and what the school must do. Schools read this before accepting.")
    valid_from = models.DateField(help_text="Usually 1 September.")
    valid_until = models.DateField(help_text="Usually 31 August the year after.")
    created_at = models.DateTimeField(default=timezone.now)
    # What schools accepted must stay recoverable even if someone edits the terms later.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "agreement terms"
        verbose_name_plural = "agreement terms"
        ordering = ["-academic_year"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="terms_end_after_they_start"),
            models.CheckConstraint(condition=Q(provider_led_fee__gte=0) & Q(school_led_fee__gte=0), name="terms_fees_not_negative"),
        ]

    def __str__(self) -> str:
        return f"AB service terms {self.label}"

    @property
    def label(self) -> str:
        return academic_year_label(self.academic_year)

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": "The terms must end after they start"})


class ServiceAgreement(models.Model):
    """One school's acceptance of one year's terms, by a named signatory."""

    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="service_agreements")
    terms = models.ForeignKey(AgreementTerms, on_delete=models.PROTECT, related_name="agreements")
    signatory_name = models.CharField(max_length=150)
    signatory_job_title = models.CharField(max_length=150)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["school", "terms"], name="one_agreement_per_school_and_year")]

    def __str__(self) -> str:
        return f"{self.school} accepted {self.terms}"


class RenewalReminder(OutboxRow):
    """One email to hub staff listing the schools whose agreement ends soon with next year's not accepted.

    A digest, not an email per school: at the start of August most schools are due at once.
    Which schools it names are its items; each agreement is in at most one reminder of a kind.
    """
    send_task = "appropriate_body.tasks.send_renewal_reminders"  # sends a chunk of them (the sweep queues it)

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Agreement renewal reminder of {self.created_at:%Y-%m-%d}"


class RenewalReminderItem(models.Model):
    class Kind(models.TextChoices):
        ENDS_WITHIN_30_DAYS = "ends_soon", "Ends within 30 days"

    reminder = models.ForeignKey(RenewalReminder, on_delete=models.CASCADE, related_name="items")
    agreement = models.ForeignKey(ServiceAgreement, on_delete=models.PROTECT, related_name="renewal_reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ENDS_WITHIN_30_DAYS)

    class Meta:
        # Each ending agreement is in one reminder of each kind, however often the job runs.
        constraints = [models.UniqueConstraint(fields=["agreement", "kind"], name="one_renewal_reminder_per_agreement")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.agreement}"
