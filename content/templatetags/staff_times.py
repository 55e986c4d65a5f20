"""`{{ value|staff_time }}`: "Dec 4, 8:01 AM CST", in the city's time (content.localization)."""

from django import template

from content.localization import staff_time as format_staff_time

register = template.Library()


@register.filter
def staff_time(value, empty="—"):
    return format_staff_time(value, empty)
