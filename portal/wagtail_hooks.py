"""The shell answers what lower layers ask through Wagtail hooks, and dresses the admin."""

from base64 import b64encode
from hashlib import sha256
from xml.sax.saxutils import escape

from wagtail import hooks

# Quiet, readable backgrounds for white initials (each above 4.5:1 contrast with white).
AVATAR_COLOURS = ("#0b4f9c", "#8a1c1c", "#6b4a00", "#1d5e3a", "#5b2a86", "#33475b")


def initials(user):
    """"AL" for Ada Lovelace; the username's first letters when the names are blank."""
    names = [user.first_name, user.last_name] if hasattr(user, "first_name") else []
    letters = "".join(name.strip()[:1] for name in names if name and name.strip())
    if not letters:
        username = str(user.get_username() or "?")
        parts = [p for p in username.replace(".", " ").replace("_", " ").split() if p]
        letters = "".join(p[:1] for p in parts[:2]) or username[:1]
    return letters[:2].upper()


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """Admin avatars are the person's initials drawn here, never Gravatar: a locked-down
    network has no internet, and staff email addresses should not leave the building
    (WAGTAIL_GRAVATAR_PROVIDER_URL is None too). An avatar uploaded in the account
    settings still wins. An entry no person made (a seed, an import, a scheduled task)
    has no user: Wagtail's own default avatar then (a probe's history pages failed)."""
    if user is None:
        return None
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None
    text = initials(user)
    colour = AVATAR_COLOURS[sha256(str(user.pk).encode()).digest()[0] % len(AVATAR_COLOURS)]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
           f'viewBox="0 0 100 100"><rect width="100" height="100" fill="{colour}"/>'
           f'<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
           f'font-family="system-ui,Arial,sans-serif" font-size="42" font-weight="600">'
           f'{escape(text)}</text></svg>')
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()
