"""Switch crisis mode from a shell, for when the admin is slow or down."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from portal.models import CrisisLevel, CrisisSettings


class Command(BaseCommand):
    help = "Turn crisis mode on or off: crisis_mode on [--level emergency] | off | status"

    def add_arguments(self, parser):
        parser.add_argument("state", choices=["on", "off", "status"])
        parser.add_argument("--level", choices=[CrisisLevel.ADVISORY, CrisisLevel.EMERGENCY],
                            default=CrisisLevel.EMERGENCY)
        parser.add_argument("--site", help="Hostname of the site (default: the default site)")

    def handle(self, state, level, site=None, **options):
        sites = Site.objects.filter(hostname=site) if site else Site.objects.filter(
            is_default_site=True)
        target = sites.first()
        if target is None:
            raise CommandError(f"No site {'named ' + site if site else 'is the default'}.")
        settings = CrisisSettings.for_site(target)
        if state != "status":
            settings.level = CrisisLevel.NORMAL if state == "off" else level
            settings.save()  # post_save invalidates the page cache
        self.stdout.write(f"Crisis mode on {target.hostname}: {settings.get_level_display()}"
                          + (f" (banner: {settings.banner_message})" if settings.is_on and
                             settings.banner_message_id else ""))
