"""Yes-or-no facts about a service become records with a source, and "not stated" becomes no record.

Until now each fact was a column on the service, where an empty answer could only be stored
as "no" for the offers. The conversion keeps every answer the old columns gave: a "yes"
offer and every recorded key element or referral rule becomes a fact citing the service's
own source and review date. An offer stored as "no" is dropped, because the old column could
not tell "no" from "not stated". A seed service no steward has changed gets its facts as
corrected against the paper instead.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

OFFERS = ["offers_direct_therapy", "offers_consultation", "offers_training", "offers_supervision",
          "offers_reflective_practice"]
THREE_VALUED = ["element_clinically_led", "element_relationship_focus", "element_multidisciplinary",
                "element_dyadic_therapy", "element_half_network", "accepts_professional_referrals",
                "accepts_self_referrals"]


def _facts(source: str, yes: list[str], no: tuple = ()) -> dict:
    return {key: (True, source) for key in yes} | {key: (False, source) for key in no}


# The seed's columns as first loaded, and its facts as corrected against the paper, Section Three
# (fixtures/service_facts.csv). A seed service whose columns a steward never changed gets the corrected facts.
SEED_AS_LOADED = {
    "g-pimhs": dict(
        offers_direct_therapy=True, offers_consultation=True, offers_training=True,
        offers_supervision=False, offers_reflective_practice=True, element_clinically_led=None,
        element_relationship_focus=True, element_multidisciplinary=None, element_dyadic_therapy=True,
        element_half_network=None, accepts_professional_referrals=True, accepts_self_referrals=None),
    "cardiff-parents-plus": dict(
        offers_direct_therapy=True, offers_consultation=True, offers_training=True, offers_supervision=True,
        offers_reflective_practice=False, element_clinically_led=True, element_relationship_focus=True,
        element_multidisciplinary=None, element_dyadic_therapy=True, element_half_network=None,
        accepts_professional_referrals=None, accepts_self_referrals=None),
    "wrexham-flintshire-early-years-camhs": dict(
        offers_direct_therapy=True, offers_consultation=True, offers_training=True, offers_supervision=True,
        offers_reflective_practice=False, element_clinically_led=True, element_relationship_focus=True,
        element_multidisciplinary=None, element_dyadic_therapy=True, element_half_network=None,
        accepts_professional_referrals=None, accepts_self_referrals=None),
    "cwm-taf-morgannwg-nurturing-families": dict(
        offers_direct_therapy=False, offers_consultation=True, offers_training=True,
        offers_supervision=False, offers_reflective_practice=False, element_clinically_led=None,
        element_relationship_focus=None, element_multidisciplinary=None, element_dyadic_therapy=False,
        element_half_network=None, accepts_professional_referrals=None, accepts_self_referrals=None),
    "hywel-dda-perinatal-parent-infant-specialists": dict(
        offers_direct_therapy=True, offers_consultation=False, offers_training=False,
        offers_supervision=False, offers_reflective_practice=False, element_clinically_led=None,
        element_relationship_focus=False, element_multidisciplinary=None, element_dyadic_therapy=True,
        element_half_network=None, accepts_professional_referrals=None, accepts_self_referrals=None),
}
SEED_CORRECTED = {
    "g-pimhs": _facts(
        "The golden thread, Section Three (Gwent)",
        yes=["offers_direct_therapy", "offers_consultation", "offers_training",
             "offers_reflective_practice", "element_relationship_focus", "element_multidisciplinary",
             "element_dyadic_therapy", "accepts_professional_referrals"],
    ),
    "cardiff-parents-plus": _facts(
        "The golden thread, Section Three (Cardiff)",
        yes=["offers_direct_therapy", "offers_consultation", "offers_training", "offers_supervision",
             "element_clinically_led", "element_relationship_focus", "element_multidisciplinary",
             "element_dyadic_therapy"],
    ),
    "wrexham-flintshire-early-years-camhs": _facts(
        "The golden thread, Section Three (Wrexham and Flintshire)",
        yes=["offers_direct_therapy", "offers_consultation", "offers_training", "offers_supervision",
             "element_clinically_led", "element_relationship_focus", "element_multidisciplinary",
             "element_dyadic_therapy"],
    ),
    "cwm-taf-morgannwg-nurturing-families": _facts(
        "The golden thread, Section Three (Cwm Taf Morgannwg)",
        yes=["offers_consultation", "offers_training"],
    ),
    "hywel-dda-perinatal-parent-infant-specialists": _facts(
        "The golden thread, Section Three (Hywel Dda)",
        yes=["offers_direct_therapy", "element_dyadic_therapy"],
        no=["element_relationship_focus"],
    ),
}


def columns_to_facts(apps, schema_editor):
    Service = apps.get_model("services", "Service")
    ServiceFact = apps.get_model("services", "ServiceFact")
    facts = []
    for service in Service.objects.all():
        columns = {key: getattr(service, key) for key in OFFERS + THREE_VALUED}
        if columns == SEED_AS_LOADED.get(service.slug):
            answers = SEED_CORRECTED.get(service.slug, {})
        else:
            source = (service.source_citation or "Recorded before facts had sources")[:300]
            answers = {key: (True, source) for key in OFFERS if columns[key]}
            answers.update({key: (columns[key], source) for key in THREE_VALUED if columns[key] is not None})
        facts += [ServiceFact(service=service, key=key, holds=holds, source=source, checked_on=service.last_reviewed)
                  for key, (holds, source) in answers.items()]
    ServiceFact.objects.bulk_create(facts)
    # Each fact's history starts here, as the audit history of every other record does.
    History = apps.get_model("services", "HistoricalServiceFact")
    now = timezone.now()
    History.objects.bulk_create(
        History(id=fact.pk, service_id=fact.service_id, key=fact.key, holds=fact.holds, source=fact.source,
                source_url="", checked_on=fact.checked_on, history_date=now, history_type="+",
                history_change_reason="Made from the service's former yes/no columns")
        for fact in ServiceFact.objects.all()
    )


def facts_to_columns(apps, schema_editor):
    ServiceFact = apps.get_model("services", "ServiceFact")
    for fact in ServiceFact.objects.select_related("service"):
        setattr(fact.service, fact.key, fact.holds)
        fact.service.save(update_fields=[fact.key])


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0007_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalServiceFact',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('key', models.CharField(choices=[('offers_direct_therapy', 'Direct therapeutic work with families'), ('offers_consultation', 'Consultation'), ('offers_training', 'Training'), ('offers_supervision', 'Supervision'), ('offers_reflective_practice', 'Reflective practice'), ('element_clinically_led', 'Clinically led by psychology and/or psychotherapy'), ('element_relationship_focus', 'The baby and the parent-infant relationship are the focus and reason for referral'), ('element_multidisciplinary', 'Multi-disciplinary, with specialist infant mental health training'), ('element_dyadic_therapy', 'Direct therapeutic work on the relationship between baby and parent or carer'), ('element_half_network', 'Half of the work supports the wider early years network'), ('accepts_professional_referrals', 'Takes referrals from professionals'), ('accepts_self_referrals', 'Families may refer themselves')], max_length=40, verbose_name='fact')),
                ('holds', models.BooleanField(help_text='Ticked: the source says yes. Not ticked: it says no. Where no source says, record no fact at all.', verbose_name='yes')),
                ('source', models.CharField(help_text="The paper's section, such as “The golden thread, Section Three”, or the title of the web page.", max_length=300, verbose_name='source')),
                ('source_url', models.URLField(blank=True, verbose_name='source address')),
                ('checked_on', models.DateField(help_text='When the source was read for this fact.', verbose_name='checked on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='services.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'historical service fact',
                'verbose_name_plural': 'historical service facts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ServiceFact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(choices=[('offers_direct_therapy', 'Direct therapeutic work with families'), ('offers_consultation', 'Consultation'), ('offers_training', 'Training'), ('offers_supervision', 'Supervision'), ('offers_reflective_practice', 'Reflective practice'), ('element_clinically_led', 'Clinically led by psychology and/or psychotherapy'), ('element_relationship_focus', 'The baby and the parent-infant relationship are the focus and reason for referral'), ('element_multidisciplinary', 'Multi-disciplinary, with specialist infant mental health training'), ('element_dyadic_therapy', 'Direct therapeutic work on the relationship between baby and parent or carer'), ('element_half_network', 'Half of the work supports the wider early years network'), ('accepts_professional_referrals', 'Takes referrals from professionals'), ('accepts_self_referrals', 'Families may refer themselves')], max_length=40, verbose_name='fact')),
                ('holds', models.BooleanField(help_text='Ticked: the source says yes. Not ticked: it says no. Where no source says, record no fact at all.', verbose_name='yes')),
                ('source', models.CharField(help_text="The paper's section, such as “The golden thread, Section Three”, or the title of the web page.", max_length=300, verbose_name='source')),
                ('source_url', models.URLField(blank=True, verbose_name='source address')),
                ('checked_on', models.DateField(help_text='When the source was read for this fact.', verbose_name='checked on')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='facts', to='services.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'service fact',
                'verbose_name_plural': 'service facts',
                'ordering': ['service', 'key'],
                'constraints': [models.UniqueConstraint(fields=('service', 'key'), name='one_fact_per_service_and_key')],
            },
        ),
        migrations.RunPython(columns_to_facts, facts_to_columns),
    ] + [
        migrations.RemoveField(model_name=model, name=name)
        for model in ("historicalservice", "service")
        for name in OFFERS + THREE_VALUED
    ]
