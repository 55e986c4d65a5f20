"""StreamField blocks. Message and FAQ blocks hold a reference, never a copy of the text."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class MessageBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("content.Message", **kwargs)

    class Meta:
        icon = "warning"
        template = "content/blocks/message.html"
        label = "Crisis message (shared)"


class FAQBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("content.FAQ", **kwargs)

    class Meta:
        icon = "help"
        template = "content/blocks/faq.html"
        label = "FAQ (shared)"


class KeyActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(required=False, max_length=240)
    link_page = blocks.PageChooserBlock(required=False)
    link_url = blocks.URLBlock(required=False)

    class Meta:
        icon = "tick"
        template = "content/blocks/key_action.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "pick"
        template = "content/blocks/callout.html"


class InfoBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", template="content/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    message = MessageBlock()
    faq = FAQBlock()
    callout = CalloutBlock()
