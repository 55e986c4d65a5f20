from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .crisis import crisis_state


def crisis(request):
    """Lazy, so admin pages that never show the banner pay nothing for it."""
    return {"crisis": SimpleLazyObject(lambda: crisis_state(request)),
            "site_name": settings.WAGTAIL_SITE_NAME}
