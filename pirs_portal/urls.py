from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.generic import TemplateView

from openreferral import views as oruk_views
from pirs_portal.accounts import two_factor_urls

class AccessibilityStatement(TemplateView):
    template_name = "accessibility.html"

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "contact": settings.CONTACT_EMAIL}


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Open data keeps one language-free base URL, as the standard asks.
    path("api/oruk/", include("openreferral.urls")),
]
urlpatterns += i18n_patterns(
    # Two-factor sign-in and its setup pages for staff (/admin/account/...), then a sign-out that
    # works before two-factor sign-in is done (the admin's own needs it done), then the admin.
    path("admin/", include(two_factor_urls())),
    path("admin/account/logout/", LogoutView.as_view(next_page="admin:index"), name="staff_logout"),
    # The stewards' list of what we don't know yet, in the admin's frame.
    path("admin/unknowns/", include("coverage.staff")),
    path("admin/", admin.site.urls),
    path("", include("coverage.urls")),
    path("services/", include("services.urls")),
    path("services/", include("suggestions.urls")),  # /services/<slug>/suggest/: the public form
    path("recommendations/", include("recommendations.urls")),
    path("accessibility/", AccessibilityStatement.as_view(), name="accessibility"),
    # The API's human-readable page, in English and in Welsh (/cy/api/docs/).
    path("api/docs/", oruk_views.docs, name="api_docs"),
    prefix_default_language=False,
)
