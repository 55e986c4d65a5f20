from django.urls import path

from . import api

urlpatterns = [
    path("", api.alert_collection, name="alerts_api"),
    path("<int:pk>/", api.alert_detail, name="alerts_api_detail"),
    path("<int:pk>/<str:action>/", api.alert_action, name="alerts_api_action"),
]
