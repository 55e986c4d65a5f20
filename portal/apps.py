from django.apps import AppConfig
from django.db.models.signals import post_migrate

from . import access_log


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401

        post_migrate.connect(_after_migrate, sender=self)
        access_log.install()


def _after_migrate(sender, **kwargs):
    from .roles import ensure_roles

    ensure_roles()
