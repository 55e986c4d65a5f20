from alerts.scripts import record_script_version

from .base import Channel


class AgentScriptChannel(Channel):
    """Puts the alert's script on the agents' board. A new version is recorded only when
    the text agents read changed (a message edit already did that when it was
    published), so agents are never asked to re-read identical words."""

    name = "agent_scripts"
    label = "Agent scripts"

    def deliver(self, delivery):
        alert = delivery.alert
        revision = record_script_version(alert.message, alert=alert,
                                         reason=f"alert {alert.msg_type.lower()}")
        return {"message_id": alert.message_id, "script_version": revision.version}

    def preview(self, alert):
        return alert.message.agent_script
