from django.utils.functional import SimpleLazyObject

from content.localization import site_name

from .crisis import held_crisis_state


def crisis(request):
    """Lazy, so admin pages that never show the banner pay nothing for it."""
    return {"crisis": SimpleLazyObject(lambda: held_crisis_state(request)),
            "site_name": site_name(),  # in the page's language
            # Rendering for the static mirror: no forms that need the server (votes).
            "static_mirror": MIRROR_HEADER in request.META}


MIRROR_HEADER = "HTTP_X_BEACON_STATIC_MIRROR"
