from alerts.scripts import record_script_version

from .base import Channel


class AgentScriptChannel(Channel):
    """Bumps the script version agents see for the alert's message."""

    name = "agent_scripts"
    label = "Agent scripts"

    def deliver(self, delivery):
        alert = delivery.alert
        revision = record_script_version(alert.message, alert=alert,
                                         reason=f"alert {alert.msg_type.lower()}",
                                         force=True)
        return {"message_id": alert.message_id, "script_version": revision.version}

    def preview(self, alert):
        return alert.message.agent_script
