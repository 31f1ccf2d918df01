"""A suggested update to a service, or to a universal route in one area, sent by anyone through the public form,
waiting for a steward's decision.

The name and email address are the only personal details kept; forget_suggestion_contacts
deletes them 90 days after the decision, and keeps the suggestion and its decision.
Suggestions have no history table on purpose: a copy of the contact details there would outlive the deletion.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import LocalAuthority
from services.models import Service
from services.routes import UniversalRoute

# Length limits of the public form, which the admin shows in full.
TEXT_MAX = 2000
NAME_MAX = 100
URL_MAX = 500


class SuggestionQuerySet(models.QuerySet):
    def pending(self) -> "SuggestionQuerySet":
        return self.filter(status=Suggestion.Status.PENDING)

    def contacts_to_forget(self, *, decided_before, sent_before) -> "SuggestionQuerySet":
        """Suggestions still holding a name or an email address that were decided before the first moment,
        or are still waiting though sent before the second."""
        decided = Q(decided_at__lt=decided_before) & ~Q(status=Suggestion.Status.PENDING)
        waiting = Q(status=Suggestion.Status.PENDING, sent_at__lt=sent_before)
        return self.filter(decided | waiting).exclude(name="", email="")


class Suggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        WEB_PAGE = "web_page", _("A web page")
        WORKS_THERE = "works_there", _("I work for this service")

    # A deleted service leaves its suggestions and their decisions; only national stewards then see them.
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, related_name="suggestions",
                                verbose_name=_("service"))
    # Or a route open to every family, as the finder shows it in one local authority (the health visitor in
    # Gwynedd, say): only national stewards change routes, so only they see these.
    route = models.ForeignKey(UniversalRoute, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="suggestions", verbose_name=_("route open to every family"))
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("local authority"))
    # What it was about, kept when the service or route is deleted: the queue still names it, and restoring
    # the record from its history links the suggestion to it again (admin.AcceptsSuggestions).
    about_key = models.CharField(_("about (record)"), max_length=40, blank=True, editable=False)
    about_name = models.CharField(_("about (name when sent)"), max_length=420, blank=True, editable=False)
    what_is_wrong = models.TextField(_("what is wrong or missing"))
    correct_information = models.TextField(_("the correct information"))
    source = models.CharField(_("where it comes from"), max_length=20, choices=Source.choices)
    source_url = models.URLField(_("web page"), max_length=URL_MAX, blank=True)
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language of the form"), max_length=8, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    status = models.CharField(_("decision"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    contact_forgotten_at = models.DateTimeField(_("name and email deleted"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("suggested update")
        verbose_name_plural = _("suggested updates")
        indexes = [models.Index(fields=["status", "decided_at"])]
        constraints = [models.CheckConstraint(condition=Q(service__isnull=True) | Q(route__isnull=True),
                                              name="suggestion_about_a_service_or_a_route")]

    def __str__(self) -> str:
        # Never the sender's name: this is what the admin and the service's history show.
        return _("Suggestion %(number)s") % {"number": self.pk}

    @staticmethod
    def key_of(record) -> str:
        """The key a suggestion keeps of the service or route it is about: its kind and its id."""
        return f"{record._meta.model_name.replace('universalroute', 'route')}:{record.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
