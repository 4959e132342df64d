"""Search that does not depend on the planner's luck.

Both databases: `search_text` on claims and articles, the searched text folded (lower
case, no accents, no hyphens; `articles.textnorm.fold_for_search`), kept by the models on
every write. SQLite searches it.

PostgreSQL only: a stored `search_vector` (tsvector) on claims and articles, French and
English stems with accents removed, kept by a trigger on insert and on a change of the
searched text, and indexed with GIN. Matching and ranking read the stored vector, so no
plan recomputes `to_tsvector` row by row, and ANALYZE gathers statistics on the words.
The column is not a model field: Django never writes it. The claim's vector is built by
one function, `articles_claim_search_vector()`, so notes can later be added to the same
search at a lower weight ('C') by extending that function and touching the claim when a
note changes. The expression indexes of migration 0004 are dropped: nothing queries
those expressions any more.
"""

from django.db import migrations, models

from articles.textnorm import fold_for_search

FR = "'public.fr_unaccent'::regconfig"
EN = "'public.en_unaccent'::regconfig"


def _both(expression: str) -> str:
    return f"(to_tsvector({FR}, {expression}) || to_tsvector({EN}, {expression}))"


CLAIM_VECTOR = f"setweight({_both('coalesce(NEW.quote, {empty})')}, 'A')".format(empty="''")
ARTICLE_VECTOR = (
    f"setweight({_both('coalesce(NEW.title, {empty})')}, 'A') || "
    f"setweight({_both('coalesce(NEW.text, {empty})')}, 'B')"
).format(empty="''")

# table, trigger function, vector expression, the columns it reads, GIN index, old index
TABLES = [
    ("articles_claim", "articles_claim_search_vector", CLAIM_VECTOR, ["quote"], "claim_search_vector", "claim_quote_fts"),
    ("articles_article", "articles_article_search_vector", ARTICLE_VECTOR, ["title", "text"], "article_search_vector", "article_text_fts"),
]


def fill_search_text(apps, schema_editor):
    for model_name, fields in (("Claim", ["quote"]), ("Article", ["title", "text"])):
        model = apps.get_model("articles", model_name)
        batch = []
        for obj in model.objects.only("pk", *fields).iterator(chunk_size=2000):
            obj.search_text = fold_for_search("\n".join(getattr(obj, f) or "" for f in fields))
            batch.append(obj)
            if len(batch) >= 2000:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    # The rows search_text was just written to leave deferred checks that would block
    # CREATE INDEX in the same transaction: run them now.
    run("SET CONSTRAINTS ALL IMMEDIATE")
    for table, function, vector, columns, index, old_index in TABLES:
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        run(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector")
        run(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_vector := {vector}; RETURN NEW; END $$"
        )
        run(f"DROP TRIGGER IF EXISTS {function}_insert ON {table}")
        run(
            f"CREATE TRIGGER {function}_insert BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
        run(f"DROP TRIGGER IF EXISTS {function}_update ON {table}")
        run(
            f"CREATE TRIGGER {function}_update BEFORE UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}()"
        )
        # Existing rows: the same expression, with the row's own columns for NEW.
        run(f"UPDATE {table} SET search_vector = {vector.replace('NEW.', f'{table}.')}")  # noqa: S608 (constants)
        run(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)")
        run(f"DROP INDEX IF EXISTS {old_index}")


# The claims page's orders (PostgreSQL only: SQLite's CREATE INDEX has no NULLS LAST): an
# undated article sorts by its import time, among the dated ones.
ORDER_INDEXES = [
    ("article_newest_first", "articles_article ((COALESCE(published_at, imported_at)) DESC, id DESC)"),
    ("claim_credibility_order", "articles_claim (credibility ASC NULLS LAST, id DESC)"),
]


def add_order_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in ORDER_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_order_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in ORDER_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table, function, _, _, index, _ in TABLES:
        run(f"DROP INDEX IF EXISTS {index}")
        run(f"DROP TRIGGER IF EXISTS {function}_insert ON {table}")
        run(f"DROP TRIGGER IF EXISTS {function}_update ON {table}")
        run(f"DROP FUNCTION IF EXISTS {function}()")
        run(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    # Migration 0004's expression indexes, as they were.
    run(
        "CREATE INDEX IF NOT EXISTS claim_quote_fts ON articles_claim USING gin "
        f"((to_tsvector({FR}, quote) || to_tsvector({EN}, quote)))"
    )
    run(
        "CREATE INDEX IF NOT EXISTS article_text_fts ON articles_article USING gin "
        f"((to_tsvector({FR}, title || ' ' || text) || to_tsvector({EN}, title || ' ' || text)))"
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_source_role_headline_claims")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, help_text="Title and text folded for search."
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, help_text="The quote folded for search."
            ),
        ),
        # The article list's outlet filter, and a source's claims (see articles.selectors).
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(publisher__isnull=True) & ~models.Q(publisher_name=""),
                fields=["publisher_name"],
                name="article_written_outlet",
            ),
        ),
        migrations.AddIndex(
            model_name="attribution",
            index=models.Index(fields=["source", "claim"], name="attribution_source_claim"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_vectors, drop_vectors),
        migrations.RunPython(add_order_indexes, drop_order_indexes),
    ]
