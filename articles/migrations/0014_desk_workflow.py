"""The desk at work: assignments, the review step, threaded notes, notifications, saved
searches with alerts and feeds, and the notes in the claims search.

Corroborated and refuted start as statuses a second researcher reviews. Notes get the
folded `search_text` both databases search and, on PostgreSQL, a stored `search_vector`
kept by a trigger and indexed with GIN, built the way migration 0009 builds the claims'.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import articles.models
from articles.textnorm import fold_for_search

FR = "'public.fr_unaccent'::regconfig"
EN = "'public.en_unaccent'::regconfig"
NOTE_VECTOR = (
    f"(to_tsvector({FR}, coalesce(NEW.body, '')) || to_tsvector({EN}, coalesce(NEW.body, '')))"
)
FUNCTION = "articles_note_search_vector"


def statuses_reviewed(apps, schema_editor):
    apps.get_model("articles", "ClaimStatus").objects.filter(
        slug__in=["corroborated", "refuted"]
    ).update(needs_review=True)


def fill_note_search_text(apps, schema_editor):
    Note = apps.get_model("articles", "Note")
    batch = []
    for note in Note.objects.only("pk", "body").iterator(chunk_size=2000):
        note.search_text = fold_for_search(note.body or "")
        batch.append(note)
        if len(batch) >= 2000:
            Note.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Note.objects.bulk_update(batch, ["search_text"])


def add_note_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("SET CONSTRAINTS ALL IMMEDIATE")
    run("ALTER TABLE articles_note ADD COLUMN IF NOT EXISTS search_vector tsvector")
    run(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_vector := {NOTE_VECTOR}; RETURN NEW; END $$"
    )
    run(f"DROP TRIGGER IF EXISTS {FUNCTION}_insert ON articles_note")
    run(
        f"CREATE TRIGGER {FUNCTION}_insert BEFORE INSERT ON articles_note "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    run(f"DROP TRIGGER IF EXISTS {FUNCTION}_update ON articles_note")
    run(
        f"CREATE TRIGGER {FUNCTION}_update BEFORE UPDATE OF body ON articles_note "
        f"FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION {FUNCTION}()"
    )
    run(f"UPDATE articles_note SET search_vector = {NOTE_VECTOR.replace('NEW.', 'articles_note.')}")  # noqa: S608 (constants)
    run("CREATE INDEX IF NOT EXISTS note_search_vector ON articles_note USING gin (search_vector)")


def drop_note_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("DROP INDEX IF EXISTS note_search_vector")
    run(f"DROP TRIGGER IF EXISTS {FUNCTION}_insert ON articles_note")
    run(f"DROP TRIGGER IF EXISTS {FUNCTION}_update ON articles_note")
    run(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    run("ALTER TABLE articles_note DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_stories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claimstatus",
            name="needs_review",
            field=models.BooleanField(
                default=False,
                help_text="A final verdict: setting it puts the claim in “awaiting review” until a second researcher approves it or sends it back.",
            ),
        ),
        migrations.AddField(
            model_name="historicalnote",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.note",
            ),
        ),
        migrations.AddField(
            model_name="historicalnote",
            name="resolved",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="note",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="replies",
                to="articles.note",
            ),
        ),
        migrations.AddField(
            model_name="note",
            name="resolved",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="note",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, help_text="The body folded for search."
            ),
        ),
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "digest",
                    models.CharField(
                        choices=[
                            ("none", "No e-mail"),
                            ("immediate", "E-mail each notification"),
                            ("daily", "One e-mail a day"),
                        ],
                        default="none",
                        max_length=10,
                    ),
                ),
                ("last_digest_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preference",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SavedSearch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                (
                    "params",
                    models.JSONField(default=dict, help_text="The claims page's query parameters."),
                ),
                ("shared", models.BooleanField(default=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("modified", models.DateTimeField(auto_now=True)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="saved_searches",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "saved searches",
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("assigned", "Assignment"),
                            ("mention", "Mention"),
                            ("reply", "Reply"),
                            ("approved", "Verdict approved"),
                            ("sent_back", "Verdict sent back"),
                            ("alert", "Saved-search alert"),
                        ],
                        max_length=10,
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=300)),
                ("count", models.PositiveIntegerField(default=1)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.claim",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "saved_search",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.savedsearch",
                    ),
                ),
            ],
            options={
                "ordering": ["-created", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Subscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "feed_token",
                    models.CharField(
                        default=articles.models.new_feed_token, max_length=64, unique=True
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "saved_search",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="subscriptions",
                        to="articles.savedsearch",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="subscriptions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "blind",
                    models.BooleanField(default=False, help_text="Grade independently, blind."),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("done_at", models.DateTimeField(blank=True, null=True)),
                (
                    "assigned_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="articles.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["created", "id"],
                "indexes": [models.Index(fields=["assignee", "done_at"], name="assignment_queue")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=("claim", "assignee"),
                        name="one_open_assignment_per_claim_and_person",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="BlindGrade",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reliability",
                    models.CharField(
                        choices=[
                            ("A", "A — completely reliable"),
                            ("B", "B — usually reliable"),
                            ("C", "C — fairly reliable"),
                            ("D", "D — not usually reliable"),
                            ("E", "E — unreliable"),
                            ("F", "F — reliability cannot be judged"),
                        ],
                        max_length=1,
                    ),
                ),
                (
                    "credibility",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "1 — confirmed by other sources"),
                            (2, "2 — probably true"),
                            (3, "3 — possibly true"),
                            (4, "4 — doubtful"),
                            (5, "5 — improbable"),
                            (6, "6 — truth cannot be judged"),
                        ]
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="blind_grades",
                        to="articles.claim",
                    ),
                ),
                (
                    "grader",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="blind_grades",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim", "grader"), name="one_blind_grade_per_grader"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("proposed_at", models.DateTimeField(auto_now_add=True)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting review"),
                            ("approved", "Approved"),
                            ("sent_back", "Sent back"),
                            ("withdrawn", "Withdrawn (the status changed again)"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("comment", models.TextField(blank=True)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="articles.claim",
                    ),
                ),
                (
                    "previous_status",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="articles.claimstatus",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposed_reviews",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="decided_reviews",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "status",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="articles.claimstatus",
                    ),
                ),
            ],
            options={
                "ordering": ["proposed_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("state", "pending")),
                        fields=("claim",),
                        name="one_pending_review_per_claim",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="savedsearch",
            constraint=models.UniqueConstraint(
                fields=("owner", "name"), name="saved_search_name_per_owner"
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "-created"], name="notification_inbox"),
        ),
        migrations.AddConstraint(
            model_name="subscription",
            constraint=models.UniqueConstraint(
                fields=("saved_search", "user"), name="one_subscription"
            ),
        ),
        migrations.RunPython(statuses_reviewed, migrations.RunPython.noop),
        migrations.RunPython(fill_note_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_note_vector, drop_note_vector),
    ]
