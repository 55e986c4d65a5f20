"""Commands that run as a bulk job beside the live site (an import, a reindex)."""

import contextlib
import os

from django.core.management.base import BaseCommand


class BackgroundCommand(BaseCommand):
    """Run from the command line, the process lowers its CPU priority (nice 10): it embeds
    on every core, and on the embedded default it shares the box with the web server,
    whose requests must come first. Called in-process (call_command, tests) it does not."""

    def run_from_argv(self, argv):
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)
        super().run_from_argv(argv)
