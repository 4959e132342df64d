"""`manage.py run_schedule`: the desk's scheduled tasks, run on an interval.

Four tasks: poll the watched feeds that are due (`articles.services.feeds`),
re-fetch the URL imports still tracked for edits and deletions
(`articles.services.tracking`), queue the daily e-mail digests that are due for the
task worker to send (`articles.services.notifications`), and delete the API export jobs
older than NEWSDESK_EXPORT_JOB_DAYS (`articles.services.export_jobs`).
Run it next to the worker (`scripts/run` starts both); `--once` runs one round and
exits (for cron or a test).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand

from articles.services.export_jobs import delete_old_exports
from articles.services.feeds import poll_due_feeds
from articles.services.notifications import daily_digests_due
from articles.services.tracking import check_due_articles


class Command(BaseCommand):
    help = "Poll due feeds and re-check tracked URL imports, every --every seconds (or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="Seconds between rounds.")
        parser.add_argument(
            "--feed-interval", type=int, default=30,
            help="Minutes between two polls of one feed.",
        )  # fmt: skip
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")

    def handle(self, *args, every: int, feed_interval: int, once: bool, **options):
        interval = timedelta(minutes=max(1, feed_interval))
        while True:
            for result in poll_due_feeds(interval=interval):
                line = (
                    f"{result.feed.url}: {result.status}, {len(result.imported)} new, "
                    f"{result.duplicates} known"
                )
                if result.error:
                    line += f" — {result.error}"
                self.stdout.write(line)
            for check in check_due_articles():
                if check.outcome in ("edited", "deleted"):
                    self.stdout.write(f"article {check.article.pk}: {check.outcome}")
            if daily_digests_due():
                from articles.tasks import send_digests_task

                send_digests_task.enqueue("daily")
                self.stdout.write("daily digests queued")
            if deleted := delete_old_exports():
                self.stdout.write(f"{deleted} old export jobs deleted")
            if once:
                return
            time.sleep(max(5, every))
