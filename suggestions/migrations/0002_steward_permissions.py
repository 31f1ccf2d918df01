"""Let both stewards' roles see and decide suggestions; suggestions.selectors narrows them to their own services.

Neither role may add a suggestion (they come from the public form) or delete one (a decision is kept).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("National data steward", "Regional data steward")
CODENAMES = ("view_suggestion", "change_suggestion")


def grant(apps, schema_editor):
    # Permissions are normally made after the last migration; the groups need them now.
    app_config = apps.get_app_config("suggestions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="suggestions", codename__in=CODENAMES))
    if len(permissions) != len(CODENAMES):
        raise RuntimeError(f"The permissions {CODENAMES} are not all in the database.")
    for role in ROLES:
        Group.objects.get(name=role).permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="suggestions", codename__in=CODENAMES)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("suggestions", "0001_suggestion"),
        ("services", "0007_roles"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
