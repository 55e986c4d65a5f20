from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .spreadsheets import make_wagtail_exports_safe  # noqa: PLC0415 - needs apps loaded

        make_wagtail_exports_safe()
        from . import signals  # noqa: F401, PLC0415 - connects the receivers
