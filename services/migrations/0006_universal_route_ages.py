"""Give the seed's routes open to every family the upper ages their descriptions state.

On a database seeded before the age existed, every route would otherwise stay
open at any age. Only an age still empty is filled, so a steward's own
choice is kept; a database seeded after this has the ages from the fixture.
"""

from django.db import migrations

# name_en -> first age in months no longer seen, as each route's description says
AGES = {"Health visitor": 60, "Midwife": 1, "Specialist perinatal mental health team": 12}


def fill_ages(apps, schema_editor):
    UniversalRoute = apps.get_model("services", "UniversalRoute")
    for name, age in AGES.items():
        UniversalRoute.objects.filter(name_en=name, after_birth=True, age_end_months__isnull=True).update(
            age_end_months=age
        )


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0005_universal_route_age_end"),
    ]

    operations = [
        migrations.RunPython(fill_ages, migrations.RunPython.noop),
    ]
