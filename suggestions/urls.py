from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("<slug:slug>/suggest/", views.suggest, name="suggest"),
    path("<slug:slug>/suggest/thanks/", views.thanks, name="thanks"),
]
