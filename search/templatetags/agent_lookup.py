"""The agent console's quick search. The console (alerts) sits below search, so its page
asks for results in the template, where the layers meet, instead of importing search."""

from dataclasses import dataclass

from django import template

from search import service
from search.staff_rules import notices_over

register = template.Library()


@dataclass
class Lookup:
    query: str
    rows: list  # [(hit, notices)]: notices say an FAQ may still speak of an ended alert


@register.simple_tag
def agent_lookup(query):
    """Top five answers for what the caller asked; not logged as a resident search. An
    FAQ still to be checked after an alert ended says so, as it does to residents (a
    probe's agent read "Boil tap water" as the answer after the all-clear)."""
    query = (query or "").strip()
    if not query:
        return None
    response = service.search(query, limit=5, record=False)
    return Lookup(query=response.query, rows=[
        (hit, notices_over(hit.object_id) if hit.doc_type == "faq" else [])
        for hit in response.results])
