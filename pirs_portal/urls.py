from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from openreferral import views as oruk_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Open data keeps one language-free base URL, as the standard asks.
    path("api/oruk/", include("openreferral.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("regions.urls")),
    path("services/", include("services.urls")),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    # The API's human-readable page, in English and in Welsh (/cy/api/docs/).
    path("api/docs/", oruk_views.docs, name="api_docs"),
    prefix_default_language=False,
)
