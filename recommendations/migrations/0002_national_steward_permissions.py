"""Give the national data steward group, and no other, the permissions on the recommendations and their evidence.

As in services/migrations/0007_roles.py: the group gives model permissions, and the
admin (NationalAdmin) also refuses anyone who does not act for all of Wales. The nine
recommendations are the paper's, so stewards change them but neither add nor delete them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NATIONAL_STEWARD = "National data steward"
GRANTS = {
    "recommendation": ("view", "change"),
    "evidence": ("view", "add", "change", "delete"),
}


def _permissions(apps):
    # Permissions are normally made after the last migration; the group needs them now.
    app_config = apps.get_app_config("recommendations")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    found = list(Permission.objects.filter(content_type__app_label="recommendations", codename__in=codenames))
    if len(found) != len(codenames):
        raise RuntimeError(f"The permissions {codenames} of the recommendations are not all in the database.")
    return found


def grant(apps, schema_editor):
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=NATIONAL_STEWARD)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=NATIONAL_STEWARD):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="recommendations"))


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0001_initial"),
        # The stewards' roles are made there; this adds to the national one.
        ("services", "0007_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
