"""PostgreSQL: a small, inline tsvector (title, topics, lead) for a cheap ranking pre-score.

Ranking many matches with `search_vector` reads each candidate's full vector (about 3 KB, stored out of
line in TOAST). `rank_vector` holds only the heavily weighted fields and is kept in the heap row
(storage MAIN: compressed, moved out of line only if a row outgrows its page), so the backend can
pre-score the newest candidates cheaply and read full vectors for a short list only (see
PostgresBackend._match). SQLite needs nothing: FTS5 ranks from its own posting lists.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE blattwerk_search_searchdocument ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, topic_terms), 'B')
        || setweight(to_tsvector('simple'::regconfig, lead_terms), 'B')
    ) STORED
    """,
    "ALTER TABLE blattwerk_search_searchdocument ALTER COLUMN rank_vector SET STORAGE MAIN",
    # Storage applies to rows written from now on: rewrite the table once (in article order, which is also
    # the candidates' order) so existing vectors move inline. No triggers fire, unlike an UPDATE.
    "CLUSTER blattwerk_search_searchdocument USING blattwerk_search_searchdocument_pkey",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE blattwerk_search_searchdocument DROP COLUMN IF EXISTS rank_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("blattwerk_search", "0003_document_publication_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
