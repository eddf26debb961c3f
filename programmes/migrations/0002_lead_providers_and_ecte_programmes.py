"""The ECTE programmes every registration needs, and the lead providers schools choose from.

The provider names are the DfE-funded ECTE lead providers as the hub knows them;
hub staff keep the list current in the admin (a provider that stops is marked
inactive, never deleted, so past registrations keep their name).
"""

from django.db import migrations

LEAD_PROVIDERS = [
    "Ambition Institute",
    "Best Practice Network",
    "Education Development Trust",
    "National Institute of Teaching",
    "Teach First",
    "UCL Early Career Teacher Education",
]

PROGRAMMES = [
    ("ecte", "Early career teacher entitlement", "ecte"),
    ("ecte_mentor", "ECTE mentor training", "ecte-mentor-training"),
]


def add(apps, schema_editor):
    LeadProvider = apps.get_model("participants", "LeadProvider")
    Programme = apps.get_model("programmes", "Programme")
    for name in LEAD_PROVIDERS:
        LeadProvider.objects.get_or_create(name=name)
    for strand, name, slug in PROGRAMMES:
        Programme.objects.get_or_create(slug=slug, defaults={"strand": strand, "name": name})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
