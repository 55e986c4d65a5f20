from django.urls import path

from . import views

urlpatterns = [
    path("api/v1/search/", views.search_api, name="search_api"),
    path("api/v1/suggest/", views.suggest_api, name="suggest_api"),
]
