from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Port Alder demo city: `manage.py seed_demo`. Above every other app (it builds
    content, alerts, search synonyms and crisis settings); nothing imports it. A city's own
    deployment can leave it out of INSTALLED_APPS."""

    name = "demo"
    verbose_name = "Demo city"
