from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("<slug:slug>/suggest/", views.suggest, name="suggest"),
    path("<slug:slug>/suggest/thanks/", views.thanks, name="thanks"),
    # A route open to every family, as the finder shows it in one local authority.
    path("routes/<int:pk>/<str:code>/suggest/", views.suggest_route, name="suggest_route"),
    path("routes/<int:pk>/<str:code>/suggest/thanks/", views.route_thanks, name="route_thanks"),
]
