"""Draft -> review -> publish for a Message, through Wagtail's own workflow machinery."""

from django.contrib.auth.models import Group

from wagtail.models import ModelLogEntry

import pytest

from content.models import Message
from tests.helpers.content import make_message


@pytest.mark.django_db
def test_editor_submits_and_a_moderator_approves(django_user_model):
    editor = django_user_model.objects.create_user("ed", "ed@x.example", "pw")
    editor.groups.add(Group.objects.get(name="Content editors"))
    moderator = django_user_model.objects.create_user("mod", "mod@x.example", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    message = make_message(headline="Original headline")
    message.headline = "Reviewed headline"
    revision = message.save_revision(user=editor)
    workflow = message.get_workflow()
    assert workflow.name == "Crisis content review"
    assert [t.name for t in workflow.tasks] == ["Comms review"]
    state = workflow.start(message, editor)
    assert Message.objects.get(pk=message.pk).headline == "Original headline"  # not live yet

    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.user_can_access_editor(message, moderator)
    assert not task.user_can_access_editor(message, editor)  # editors cannot approve
    task.on_action(task_state, moderator, "approve")
    message.refresh_from_db()
    assert message.headline == "Reviewed headline" and message.live_revision_id == revision.pk
    actions = set(ModelLogEntry.objects.filter(object_id=str(message.pk))
                  .values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions
