"""Let both stewards' roles record provision before the record began (services.PastProvision).

As in 0007_roles.py, the groups give model permissions only: the admin narrows a regional
steward's to the services of their own regions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("National data steward", "Regional data steward")
CODENAMES = [f"{action}_pastprovision" for action in ("view", "add", "change", "delete")]


def grant(apps, schema_editor):
    # Permissions are normally made after the last migration; the groups need them now.
    app_config = apps.get_app_config("services")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    found = list(apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="services", codename__in=CODENAMES))
    if len(found) != len(CODENAMES):
        raise RuntimeError(f"The permissions {CODENAMES} are not all in the database.")
    for role in ROLES:
        group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=role)
        group.permissions.add(*found)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="services",
                                                            codename__in=CODENAMES))


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0013_past_provision"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
