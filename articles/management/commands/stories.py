"""`manage.py stories rebuild [--now]`, `stories status` and `stories show ID [--format json]`.

`rebuild` queues a background job (a `db_worker` runs it) that re-indexes every claim,
suggests new matches and rebuilds the stories from the confirmed `repeats` links; `--now`
runs it here instead, printing its progress. `status` prints the latest rebuild's progress;
`show` prints one story.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from articles.models import Story, StoryJob
from articles.selectors import story_view
from articles.services import stories


class Command(BaseCommand):
    help = "Rebuild the story index and stories (background job), or show one story."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser(
            "rebuild", help="Re-index claims, suggest matches, rebuild stories."
        )
        rebuild.add_argument("--now", action="store_true", help="Run here, not in a worker.")
        rebuild.add_argument("--batch", type=int, default=500)
        sub.add_parser("status", help="Progress of the latest rebuild.")
        show = sub.add_parser("show", help="Print one story.")
        show.add_argument("id", type=int)
        show.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action: str, **options):
        if action == "rebuild":
            return self.rebuild(options["now"], options["batch"])
        if action == "status":
            return self.status()
        return self.show(options["id"], options["format"])

    def status(self) -> None:
        job = StoryJob.objects.first()
        if job is None:
            self.stdout.write("No rebuild has run yet: `manage.py stories rebuild` starts one.")
            return
        self.stdout.write(
            f"Story rebuild {job.pk}: {job.get_state_display()}, {job.processed}/{job.total} "
            f"claims matched ({job.percent}%), {job.suggestions} new suggestions, "
            f"{job.stories} stories" + (f"; error: {job.error}" if job.error else "")
        )

    def rebuild(self, now: bool, batch: int) -> None:
        if not now:
            job = stories.start_rebuild()
            self.stdout.write(
                f"Story rebuild {job.pk} queued for {job.total} claims; a worker "
                "(manage.py db_worker) runs it. Run with --now to run it here."
            )
            return

        def progress(job: StoryJob) -> None:
            self.stdout.write(f"{job.processed}/{job.total} claims matched ({job.percent}%)")

        job = StoryJob.objects.create()
        job = stories.run_rebuild(job, batch=batch, progress=progress)
        self.stdout.write(
            f"Done: {job.processed} claims, {job.suggestions} new suggestions, "
            f"{job.stories} stories."
        )

    def show(self, pk: int, fmt: str) -> None:
        story = Story.objects.filter(pk=pk).first()
        if story is None:
            raise CommandError(f"No story {pk}. `manage.py stories rebuild` builds them.")
        data = story_view(story).as_dict()
        if fmt == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Story {data['id']}: {data['canonical']}")
        first = data["first_appearance"]
        if first:
            self.stdout.write(f"First appearance: {first['published'][:10]} in {first['outlet']}")
        self.stdout.write(
            f"Repeated in {data['articles']} articles, "
            f"{data['independent_origins']} independent origins"
        )
        for a in data["appearances"]:
            chain = " ← ".join(a["chain"])
            self.stdout.write(f"  {a['published'][:10]} {a['outlet']} [{a['language']}] {chain}")
            self.stdout.write(f"    {a['sentence']}")
