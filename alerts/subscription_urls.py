from django.urls import path

from . import subscription_views as views

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="subscribe_confirm"),
    path("code/", views.confirm_code, name="subscribe_code"),
    path("manage/<str:token>/", views.manage, name="subscribe_manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="subscribe_unsubscribe"),
]
