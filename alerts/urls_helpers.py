from django.conf import settings


def absolute(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path
