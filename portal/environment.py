"""Reading settings from the process environment. Plain Python: the settings modules and
the web-server launcher (portal.serve, which must not import Django settings) share it."""

import os

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name, default=False, environ=None):
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_list(name, default="", environ=None):
    raw = (os.environ if environ is None else environ).get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]
