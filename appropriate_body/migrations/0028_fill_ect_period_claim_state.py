"""Fill the claim state stored on every ECT period (participants 0015) from its claims, in one UPDATE."""

from django.db import migrations
from django.db.models import Exists, OuterRef

# Claim.LIVE as it stands when this runs.
LIVE = ("pending", "scheduled", "accepted")


def fill(apps, schema_editor):
    Claim = apps.get_model("appropriate_body", "Claim")
    ECTAtSchoolPeriod = apps.get_model("participants", "ECTAtSchoolPeriod")
    claims = Claim.objects.filter(ect_period=OuterRef("pk"))
    ECTAtSchoolPeriod.objects.update(
        has_live_claim=Exists(claims.filter(status__in=LIVE)), claim_pending=Exists(claims.filter(status="pending"))
    )


class Migration(migrations.Migration):

    dependencies = [
        ("appropriate_body", "0027_assessment_not_on_track_index"),
        ("participants", "0015_ect_period_claim_state"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
