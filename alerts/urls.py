from django.urls import path

from . import feeds

urlpatterns = [
    path("cap/<int:pk>.xml", feeds.cap_alert, name="alerts_cap"),
    path("cap.atom", feeds.cap_index, name="alerts_cap_index"),
]
