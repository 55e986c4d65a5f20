from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/click", views.click, name="search_click"),
    path("search/helpful", views.helpful, name="helpful"),
]
