"""Create the stewards' roles as groups, each with exactly the model permissions it needs.

The groups give model permissions only; services/stewardship.py narrows a regional
steward's to the records of their own regions. Running this again resets each
group to the permissions below.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERYTHING = ("view", "add", "change", "delete")
ROLES = {
    "National data steward": {
        "regions.region": ("view", "change"),
        "regions.localauthority": ("view", "change"),
        "regions.livebirths": EVERYTHING,
        "regions.needparameters": EVERYTHING,
        "regions.postcode": ("view",),
        "services.organisation": EVERYTHING,
        "services.intervention": EVERYTHING,
        "services.discipline": EVERYTHING,
        "services.service": EVERYTHING,
        "services.regionstatusnote": EVERYTHING,
        "services.universalroute": EVERYTHING,
    },
    "Regional data steward": {
        "regions.region": ("view",),
        "regions.localauthority": ("view",),
        "regions.livebirths": EVERYTHING,
        "regions.needparameters": EVERYTHING,
        "services.organisation": ("view",),
        "services.intervention": ("view",),
        "services.discipline": ("view",),
        "services.service": EVERYTHING,
        "services.regionstatusnote": EVERYTHING,
        "services.universalroute": ("view",),
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after the last migration; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for label, actions in grants.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            if found.count() != len(codenames):
                raise RuntimeError(f"The permissions {codenames} of {label} are not all in the database.")
            wanted += list(found)
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0006_universal_route_ages"),
        ("regions", "0003_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
