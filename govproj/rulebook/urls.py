from django.urls import path

from . import views

app_name = "rulebook"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("diff/", views.DiffView.as_view(), name="diff"),
    path("rules/", views.RuleCatalogueView.as_view(), name="rules"),
    path("evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("doc/<str:number>/", views.DocumentView.as_view(), name="document"),
]
