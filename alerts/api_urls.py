from django.urls import path

from . import api

urlpatterns = [
    path("", api.AlertCollection.as_view(), name="alerts_api"),
    path("<int:pk>/", api.AlertDetail.as_view(), name="alerts_api_detail"),
    path("<int:pk>/<str:action>/", api.AlertAction.as_view(), name="alerts_api_action"),
]
