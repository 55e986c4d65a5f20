from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .crisis import crisis_state


def crisis(request):
    """Lazy, so admin pages that never show the banner pay nothing for it."""
    return {"crisis": SimpleLazyObject(lambda: crisis_state(request)),
            "site_name": settings.WAGTAIL_SITE_NAME,
            # Rendering for the static mirror: no forms that need the server (votes).
            "static_mirror": MIRROR_HEADER in request.META}


MIRROR_HEADER = "HTTP_X_BEACON_STATIC_MIRROR"
