"""manage.py poll_feeds: fetch every active feed source once; new entries land in the inbox."""

from django.core.management.base import BaseCommand

from blattwerk.inbox.feeds import FeedPollResult, poll_all


class Command(BaseCommand):
    help = "Ruft alle aktiven Feed-Quellen ab (bedingtes GET); neue Einträge landen im Eingang, nie direkt online."

    def handle(self, *args, **options) -> None:
        for name, result in poll_all().items():
            if isinstance(result, FeedPollResult):
                message = "unverändert (304)" if result.not_modified else f"{result.new} neu, {result.known} bekannt"
                self.stdout.write(f"{name}: {message}")
            else:
                self.stderr.write(f"{name}: Fehler – {result}")
