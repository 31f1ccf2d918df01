"""The what-changed list as an Atom feed (Django's syndication framework), with the page's filters."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pirs_portal.sources import SEED_DATE

from .changes import Change, changes_between

# The newest changes a feed reader is given; the page lists them all.
FEED_LENGTH = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, filters: dict, query: str, host: str):
        super().__init__()
        self.filters, self.query, self.host = filters, query, host

    def title(self) -> str:
        return _("What changed: specialist parent-infant relationship services in Wales")

    def subtitle(self) -> str:
        return _("Services added, removed, published or changed, births figures, need parameters, and the "
                 "routes open to every family with their contacts, newest first.")

    def link(self) -> str:
        return reverse("coverage:changes") + self.query

    def feed_url(self) -> str:
        return reverse("coverage:changes_feed") + self.query

    def author_name(self) -> str:
        return _("Parent-infant relationship services in Wales")

    def items(self) -> list[Change]:
        return changes_between(**self.filters)[:FEED_LENGTH]

    def item_title(self, item: Change) -> str:
        return item.sentence

    # The summary is HTML (RFC 4287 type="html"): escaped, so a reader shows the sentence as text, not markup.
    def item_description(self, item: Change) -> str:
        return escape(item.sentence)

    def item_link(self, item: Change) -> str:
        return item.link

    # A tag URI (RFC 4151) under the portal's own host name: the same change keeps the same id in every reading.
    def item_guid(self, item: Change) -> str:
        return f"tag:{self.host},{SEED_DATE.isoformat()}:{get_language()}-{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change):
        return item.when

    def item_updateddate(self, item: Change):
        return item.when
