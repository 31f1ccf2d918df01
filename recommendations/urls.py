from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("<int:number>/", views.recommendation_detail, name="detail"),
    path("recommendations.csv", views.recommendations_csv, name="recommendations_csv"),
    path("evidence.csv", views.evidence_csv, name="evidence_csv"),
    path("recommendations.json", views.recommendations_json, name="json"),
]
