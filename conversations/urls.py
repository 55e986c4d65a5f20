"""Residents' Ask Beacon pages, mounted at /ask/ inside the language prefixes."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ask_page, name="ask"),
    path("state", views.ask_state, name="ask_state"),
    path("answered/", views.answered, name="ask_answered"),
    path("person/", views.talk_to_someone, name="ask_person"),
    path("rate/", views.rate, name="ask_rate"),
    path("delete/", views.delete, name="ask_delete"),
]
