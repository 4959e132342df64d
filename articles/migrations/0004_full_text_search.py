"""Full-text search on PostgreSQL: accent-insensitive French and English configurations,
and GIN indexes on the exact expressions `articles.selectors` queries.

Creating the `unaccent` and `pg_trgm` extensions needs a superuser. Run the migrations
as one once, or have a superuser run
`CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;`
in the database beforehand (then this migration only checks they exist).
SQLite has no full-text configurations: the selectors fall back to `icontains` there,
and this migration does nothing.
"""

from django.db import migrations

CONFIGS = [("fr_unaccent", "french", "french_stem"), ("en_unaccent", "english", "english_stem")]

CLAIM_VECTOR = (
    "(to_tsvector('public.fr_unaccent'::regconfig, quote) || "
    "to_tsvector('public.en_unaccent'::regconfig, quote))"
)
ARTICLE_VECTOR = (
    "(to_tsvector('public.fr_unaccent'::regconfig, title || ' ' || text) || "
    "to_tsvector('public.en_unaccent'::regconfig, title || ' ' || text))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("CREATE EXTENSION IF NOT EXISTS unaccent")
    run("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, parser_from, stemmer in CONFIGS:
        run(
            f"DO $$ BEGIN "  # noqa: S608 (constants above, no user input)
            f"IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n "
            f"ON n.oid = c.cfgnamespace WHERE c.cfgname = '{name}' AND n.nspname = 'public') THEN "
            f"CREATE TEXT SEARCH CONFIGURATION public.{name} (COPY = pg_catalog.{parser_from}); "
            f"ALTER TEXT SEARCH CONFIGURATION public.{name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}; "
            f"END IF; END $$"
        )
    run(f"CREATE INDEX IF NOT EXISTS claim_quote_fts ON articles_claim USING gin ({CLAIM_VECTOR})")
    run(
        "CREATE INDEX IF NOT EXISTS article_text_fts ON articles_article "
        f"USING gin ({ARTICLE_VECTOR})"
    )
    run(
        "CREATE INDEX IF NOT EXISTS claim_quote_trgm ON articles_claim "
        "USING gin (quote gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for index in ("claim_quote_fts", "article_text_fts", "claim_quote_trgm"):
        run(f"DROP INDEX IF EXISTS {index}")
    for name, _, _ in CONFIGS:
        run(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS public.{name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_import_items_and_skipped_files")]
    operations = [migrations.RunPython(forwards, backwards)]
