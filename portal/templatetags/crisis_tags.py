from django import template

register = template.Library()


@register.inclusion_tag("portal/crisis_banner.html", takes_context=True)
def crisis_banner(context):
    """The one place the banner is decided: it reads the request's crisis state."""
    return {"crisis": context.get("crisis")}
