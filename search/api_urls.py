from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/search/", api.SearchAPI.as_view(), name="search_api"),
    path("api/v1/suggest/", api.SuggestAPI.as_view(), name="suggest_api"),
]
