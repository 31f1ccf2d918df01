"""Welsh names for every seed service and the four named interventions, and two seed summaries
corrected against the paper, Section Three: Cwm Taf Morgannwg's said more than the paper does,
and Wrexham and Flintshire's said the under-twos offer "has strengthened" where the paper says
the team has worked on strengthening it.

Only text still as first seeded is changed: a steward's own wording is kept.
"""

from django.db import migrations

SERVICE_NAMES_CY = {
    "g-pimhs": "Gwasanaeth Iechyd Meddwl Rhiant-Baban Gwent (G-PIMHS)",
    "cardiff-parents-plus": "Parents Plus Caerdydd: gwasanaeth dan arweiniad seicoleg (0-5)",
    "wrexham-flintshire-early-years-camhs": "CAMHS Blynyddoedd Cynnar Wrecsam a Sir y Fflint",
    "cwm-taf-morgannwg-nurturing-families": "Gwasanaeth Teuluoedd Meithringar Cwm Taf Morgannwg",
    "hywel-dda-perinatal-parent-infant-specialists": "Iechyd meddwl amenedigol Hywel Dda: arbenigwyr perthynas rhiant-baban",
}
INTERVENTION_NAMES_CY = {
    "video-interaction-guidance": "Arweiniad Rhyngweithio drwy Fideo (Video Interaction Guidance)",
    "watch-wait-and-wonder": "Gwylio, Aros a Rhyfeddu (Watch, Wait and Wonder)",
    "circle-of-security": "Cylch Diogelwch (Circle of Security)",
    "circle-of-security-parenting": "Grŵp rhianta Cylch Diogelwch (Circle of Security Parenting)",
}
# (service, field): (as first seeded, as corrected)
SUMMARIES = {
    ("cwm-taf-morgannwg-nurturing-families", "summary_en"): (
        (
            "A service at an early stage of development across Cwm Taf Morgannwg, using the NYTH/NEST "
            "framework. It concentrates on specialist consultation, building referral pathways and "
            "training for the early years workforce, rather than direct therapy with families. Its 'Baby "
            "Voice' work was co-produced to keep babies' rights at the centre."
        ),
        (
            "A service in the early stages of being put in place across Cwm Taf Morgannwg, shaped by the "
            "NYTH/NEST framework. Its focus is specialist consultation, developing pathways and training "
            "for the early years workforce. 'Baby Voice' was co-produced alongside this work so that the "
            "service is developed with babies' rights in view."
        ),
    ),
    ("cwm-taf-morgannwg-nurturing-families", "summary_cy"): (
        (
            "Gwasanaeth sydd ar gam cynnar o ddatblygu ledled Cwm Taf Morgannwg, gan ddefnyddio "
            "fframwaith NYTH/NEST. Mae'n canolbwyntio ar ymgynghori arbenigol, sefydlu llwybrau "
            "atgyfeirio a hyfforddiant ar gyfer y gweithlu blynyddoedd cynnar, yn hytrach na therapi "
            "uniongyrchol gyda theuluoedd. Cafodd ei waith 'Baby Voice' ei gydgynhyrchu er mwyn cadw "
            "hawliau babanod yn ganolog."
        ),
        (
            "Gwasanaeth yng nghamau cynnar ei sefydlu ledled Cwm Taf Morgannwg, wedi'i lunio gan "
            "fframwaith NYTH/NEST. Mae'n canolbwyntio ar ymgynghori arbenigol, datblygu llwybrau a "
            "hyfforddiant i'r gweithlu blynyddoedd cynnar. Cafodd 'Llais y Babi' (Baby Voice) ei "
            "gydgynhyrchu ochr yn ochr â'r gwaith hwn fel bod y gwasanaeth yn cael ei ddatblygu gan gadw "
            "hawliau babanod mewn golwg."
        ),
    ),
    ("wrexham-flintshire-early-years-camhs", "summary_en"): (
        (
            "An established, psychology-led NHS team in CAMHS in the east of Betsi Cadwaladr University "
            "Health Board. Working alongside health visiting, it offers specialist mental health "
            "assessment and therapy for babies and young children with their families, from birth until "
            "age seven, centred on the parent-child relationship, and it has strengthened its offer for "
            "the under-twos. It also advises, trains and supervises the local early years workforce."
        ),
        (
            "An established, psychology-led NHS team in CAMHS in the east of Betsi Cadwaladr University "
            "Health Board. Working alongside health visiting, it offers specialist mental health "
            "assessment and therapy for babies and young children with their families, from birth until "
            "age seven, centred on the parent-child relationship, and it has worked to strengthen its "
            "offer for the under-twos. It also advises, trains and supervises the local early years "
            "workforce."
        ),
    ),
    ("wrexham-flintshire-early-years-camhs", "summary_cy"): (
        (
            "Tîm sefydledig y GIG, dan arweiniad seicoleg, o fewn CAMHS yn nwyrain Bwrdd Iechyd Prifysgol"
            " Betsi Cadwaladr. Gan weithio ochr yn ochr â'r gwasanaeth ymwelwyr iechyd, mae'n cynnig "
            "asesiad a therapi iechyd meddwl arbenigol i fabanod a phlant ifanc gyda'u teuluoedd, o "
            "enedigaeth hyd at saith oed, gan ganolbwyntio ar y berthynas rhwng rhiant a phlentyn, ac mae"
            " wedi cryfhau ei gynnig i blant dan ddwy oed. Mae hefyd yn cynghori, yn hyfforddi ac yn "
            "goruchwylio'r gweithlu blynyddoedd cynnar lleol."
        ),
        (
            "Tîm sefydledig y GIG, dan arweiniad seicoleg, o fewn CAMHS yn nwyrain Bwrdd Iechyd Prifysgol"
            " Betsi Cadwaladr. Gan weithio ochr yn ochr â'r gwasanaeth ymwelwyr iechyd, mae'n cynnig "
            "asesiad a therapi iechyd meddwl arbenigol i fabanod a phlant ifanc gyda'u teuluoedd, o "
            "enedigaeth hyd at saith oed, gan ganolbwyntio ar y berthynas rhwng rhiant a phlentyn, ac mae"
            " wedi gweithio i gryfhau ei gynnig i blant dan ddwy oed. Mae hefyd yn cynghori, yn hyfforddi"
            " ac yn goruchwylio'r gweithlu blynyddoedd cynnar lleol."
        ),
    ),
}


def seed_text_corrected(apps, schema_editor):
    Service = apps.get_model("services", "Service")
    Intervention = apps.get_model("services", "Intervention")
    for model, names in ((Service, SERVICE_NAMES_CY), (Intervention, INTERVENTION_NAMES_CY)):
        for slug, name in names.items():
            model.objects.filter(slug=slug, name_cy="").update(name_cy=name)
    for (slug, field), (seeded, corrected) in SUMMARIES.items():
        Service.objects.filter(slug=slug, **{field: seeded}).update(**{field: corrected})


class Migration(migrations.Migration):

    dependencies = [("services", "0008_service_facts")]

    operations = [migrations.RunPython(seed_text_corrected, migrations.RunPython.noop)]
