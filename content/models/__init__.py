"""Content models. Dependencies point one way: pages -> blocks -> snippets.

Snippets (Message, FAQ, Topic, Department, Area) know nothing of pages; pages embed snippets by
reference so their text is never copied.
"""

from .areas import Area
from .pages import CrisisHubPage, HomePage, InfoPage, TopicPage
from .snippets import FAQ, Department, FAQWording, Message, Topic, wording_key

__all__ = ["FAQ", "Area", "CrisisHubPage", "Department", "FAQWording", "HomePage", "InfoPage",
           "Message", "Topic", "TopicPage", "wording_key"]
