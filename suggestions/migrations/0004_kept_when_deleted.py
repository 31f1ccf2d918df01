"""Each suggestion keeps what it is about (its record's key and its name when sent), so that deleting the
service or route leaves it named, and restoring the record links it again."""

from django.db import migrations, models


def about_kept(apps, schema_editor):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    for suggestion in Suggestion.objects.select_related("service", "route", "local_authority"):
        if suggestion.service is not None:
            key, name = f"service:{suggestion.service_id}", suggestion.service.name_en
        elif suggestion.route is not None:
            area = suggestion.local_authority.name_en if suggestion.local_authority else ""
            key, name = f"route:{suggestion.route_id}", f"{suggestion.route.name_en} in {area}".strip()
        else:
            continue  # deleted before this migration: what it was about was not kept
        Suggestion.objects.filter(pk=suggestion.pk).update(about_key=key, about_name=name)


class Migration(migrations.Migration):

    dependencies = [
        ("suggestions", "0003_about_a_route"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="about_key",
            field=models.CharField(blank=True, editable=False, max_length=40, verbose_name="about (record)"),
        ),
        migrations.AddField(
            model_name="suggestion",
            name="about_name",
            field=models.CharField(blank=True, editable=False, max_length=420, verbose_name="about (name when sent)"),
        ),
        migrations.RunPython(about_kept, migrations.RunPython.noop),
    ]
