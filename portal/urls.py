from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from alerts import area_views, console_views, feeds, subscription_views
from content import views as content_views
from portal import views as portal_views

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("readyz", portal_views.readyz, name="readyz"),
    path("favicon.ico", portal_views.favicon, name="favicon"),
    path("django-admin/", admin.site.urls),
    path("admin/login/", console_views.AgentAwareLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("alerts/", include("alerts.urls")),
    path("events/", include("alerts.live_views")),  # live updates (Server-Sent Events)
    path("events/", include("conversations.live_views")),
    path("agents/conversations/", include("conversations.agent_views")),  # Ask Beacon queue
    path("agents/", include("search.agent_views")),  # the console's gap form
    path("agents/", include("alerts.console_views")),
    path("api/v1/alerts/", include("alerts.api_urls")),
    path("subscribe/sms/inbound", subscription_views.sms_inbound, name="sms_inbound"),
    path("", include("search.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Residents' pages, per language: English at the root, /es/..., /ar/...
urlpatterns += i18n_patterns(
    path("faq/", content_views.faq_index, name="faq_index"),
    path("faq/topic/<slug:slug>/", content_views.faq_topic, name="faq_topic"),
    path("faq/<slug:slug>/", content_views.faq_detail, name="faq_detail"),
    path("areas/", area_views.areas_index, name="areas"),
    path("areas/zip/", area_views.zip_lookup, name="areas_zip"),
    path("areas/zip/<str:outcome>/", area_views.zip_result, name="areas_zip_result"),
    path("areas/<slug:slug>/", area_views.area_detail, name="area_detail"),
    path("alerts/<int:pk>/", area_views.alert_page, name="alert_page"),
    path("messages/<int:pk>/", content_views.message_page, name="message_page"),
    # the people's feed per language (/alerts/feed.atom, /es/alerts/feed.atom, ...)
    path("alerts/feed.atom", feeds.people_feed, name="alerts_feed"),
    path("subscribe/", include("alerts.subscription_urls")),
    path("ask/", include("conversations.urls")),
    path("", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
