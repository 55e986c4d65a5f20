from django import template
from django.utils import translation

register = template.Library()


@register.inclusion_tag("portal/crisis_banner.html", takes_context=True)
def crisis_banner(context):
    """The one place the banner is decided: it reads the request's crisis state."""
    return {"crisis": context.get("crisis")}


@register.tag("chrome")
def chrome(parser, token):
    """{% chrome "footer" %}...{% endchrome %}: a part of every page that depends only on the
    crisis state, the language and the site (banner, navigation, footer numbers), rendered
    once per crisis state a process holds (portal.crisis.held_crisis_state: per host and
    language, until the page-cache generation moves or a few seconds pass) instead of on
    every page. Under a surge of searches, whose pages are never cached, it was more than
    half of each page's render. Nothing of one request may be inside (no path, no query,
    no form token)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% chrome "name" %} takes one name')
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(bits[1].strip("\"'"), nodelist)


class ChromeNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        held = getattr(context.get("crisis"), "rendered", None)
        if held is None:  # no crisis state (an admin page, a bare template): as written
            return self.nodelist.render(context)
        key = (self.name, translation.get_language(), bool(context.get("static_mirror")),
               str(context.get("site_name", "")))
        html = held.get(key)
        if html is None:
            html = held[key] = self.nodelist.render(context)
        return html
