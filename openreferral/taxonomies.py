"""The portal's two taxonomies, organisational setting and intervention, as Open Referral taxonomies."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import override

from services.models import Intervention, Service

from .ids import oruk_id


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return oruk_id(kind="taxonomy", key=self.key)

    def term_id(self, *, code: str) -> str:
        """Return the id of this taxonomy's term with a code."""
        return oruk_id(kind=f"taxonomy_term:{self.key}", key=code)


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    name_en: str
    name_cy: str
    description_en: str
    description_cy: str

    @property
    def id(self) -> str:
        return self.taxonomy.term_id(code=self.code)


SETTING = Taxonomy(
    key="setting",
    name="PIRS organisational setting",
    description="Where a parent-infant relationship service sits: the NHS, a local authority or the third "
    "sector.",
)
INTERVENTION = Taxonomy(
    key="intervention",
    name="PIRS intervention",
    description="Named ways of working with parents and babies that services in this directory offer.",
)
TAXONOMIES = (SETTING, INTERVENTION)


def _setting_term(value: str) -> Term:
    label = Service.Setting(value).label
    with override("en"):
        name_en = str(label)
    with override("cy"):
        name_cy = str(label)
    return Term(
        taxonomy=SETTING, code=value, name_en=name_en, name_cy="" if name_cy == name_en else name_cy,
        description_en=f"Services whose organisational setting is: {name_en}.", description_cy="",
    )


def intervention_term(*, intervention: Intervention) -> Term:
    return Term(
        taxonomy=INTERVENTION, code=intervention.slug,
        name_en=intervention.name_en, name_cy=intervention.name_cy,
        description_en=intervention.description_en, description_cy=intervention.description_cy,
    )


def service_terms(*, service: Service) -> list[Term]:
    """Return the terms a service is linked to: its setting, then its (prefetched) interventions."""
    terms = [_setting_term(service.setting)] if service.setting else []
    return terms + [intervention_term(intervention=i) for i in service.interventions.all()]


def term_list(*, taxonomy: Taxonomy | None = None) -> list[Term]:
    """Return every term, or a taxonomy's terms, settings first, in one query at most."""
    terms = []
    if taxonomy in (None, SETTING):
        terms += [_setting_term(value) for value in Service.Setting.values]
    if taxonomy in (None, INTERVENTION):
        terms += [intervention_term(intervention=i) for i in Intervention.objects.order_by("name_en", "pk")]
    return terms


def taxonomy_get(*, taxonomy_id: str) -> Taxonomy | None:
    return next((t for t in TAXONOMIES if t.id == taxonomy_id), None)


def term_get(*, term_id: str) -> Term | None:
    """Return the term with an id; settings are found without a query."""
    setting = next((t for t in term_list(taxonomy=SETTING) if t.id == term_id), None)
    return setting or next((t for t in term_list(taxonomy=INTERVENTION) if t.id == term_id), None)


def term_services_q(*, term: Term) -> Q:
    """Select the services linked to a term."""
    if term.taxonomy == SETTING:
        return Q(setting=term.code)
    return Q(pk__in=Service.objects.filter(interventions__slug=term.code).values("pk"))


def term_filter(*, words: tuple[str, ...], taxonomy_id: str | None, parent_id: str | None) -> list[Term]:
    """Return the terms that hold every word, of one taxonomy if an id is given (an unknown one has none).

    No term here has a parent, so asking for a parent's children gives none.
    """
    if parent_id:
        return []
    taxonomy = taxonomy_get(taxonomy_id=taxonomy_id) if taxonomy_id else None
    if taxonomy_id and taxonomy is None:
        return []
    return term_search(terms=term_list(taxonomy=taxonomy), words=words)


def taxonomy_services_q(*, taxonomy: Taxonomy) -> Q:
    """Select the services linked to any term of a taxonomy."""
    if taxonomy == SETTING:
        return ~Q(setting="")
    return Q(pk__in=Service.objects.filter(interventions__isnull=False).values("pk"))


def _matches(words: tuple[str, ...], *texts: str) -> bool:
    """Say whether every word is found in the texts, whatever its case."""
    found_in = " ".join(texts).casefold()
    return all(word.casefold() in found_in for word in words)


def taxonomy_search(*, words: tuple[str, ...]) -> list[Taxonomy]:
    """Return the taxonomies whose name or description holds every word."""
    return [t for t in TAXONOMIES if _matches(words, t.name, t.description)]


def term_search(*, terms: list[Term], words: tuple[str, ...]) -> list[Term]:
    """Return the terms whose names or descriptions, English or Welsh, hold every word."""
    return [t for t in terms if _matches(words, t.name_en, t.name_cy, t.description_en, t.description_cy)]
