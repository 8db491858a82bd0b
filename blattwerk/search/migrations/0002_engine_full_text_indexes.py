"""Engine-specific full-text structures over the search tables.

SQLite: FTS5 tables with external content (the Django tables) kept in sync by triggers, so every
write path — save(), bulk operations, cascading deletes — keeps the index current.
PostgreSQL: pg_trgm, a generated tsvector column with a GIN index, a trigram index on the vocabulary.
The tokens are already analysed in Python, so FTS5 uses `unicode61` and PostgreSQL the `simple`
configuration: no second, engine-specific language analysis.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE blattwerk_search_fts USING fts5(
        title_terms, lead_terms, body_terms, topic_terms, compound_terms,
        content='blattwerk_search_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER blattwerk_search_fts_insert AFTER INSERT ON blattwerk_search_searchdocument BEGIN
        INSERT INTO blattwerk_search_fts(rowid, title_terms, lead_terms, body_terms, topic_terms, compound_terms)
        VALUES (new.article_id, new.title_terms, new.lead_terms, new.body_terms, new.topic_terms, new.compound_terms);
    END
    """,
    """
    CREATE TRIGGER blattwerk_search_fts_delete AFTER DELETE ON blattwerk_search_searchdocument BEGIN
        INSERT INTO blattwerk_search_fts(blattwerk_search_fts, rowid, title_terms, lead_terms, body_terms,
                                         topic_terms, compound_terms)
        VALUES ('delete', old.article_id, old.title_terms, old.lead_terms, old.body_terms, old.topic_terms,
                old.compound_terms);
    END
    """,
    """
    CREATE TRIGGER blattwerk_search_fts_update AFTER UPDATE ON blattwerk_search_searchdocument BEGIN
        INSERT INTO blattwerk_search_fts(blattwerk_search_fts, rowid, title_terms, lead_terms, body_terms,
                                         topic_terms, compound_terms)
        VALUES ('delete', old.article_id, old.title_terms, old.lead_terms, old.body_terms, old.topic_terms,
                old.compound_terms);
        INSERT INTO blattwerk_search_fts(rowid, title_terms, lead_terms, body_terms, topic_terms, compound_terms)
        VALUES (new.article_id, new.title_terms, new.lead_terms, new.body_terms, new.topic_terms, new.compound_terms);
    END
    """,
    """
    CREATE VIRTUAL TABLE blattwerk_search_term_trigram USING fts5(
        term, content='blattwerk_search_searchterm', content_rowid='id', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER blattwerk_search_term_insert AFTER INSERT ON blattwerk_search_searchterm BEGIN
        INSERT INTO blattwerk_search_term_trigram(rowid, term) VALUES (new.id, new.term);
    END
    """,
    """
    CREATE TRIGGER blattwerk_search_term_delete AFTER DELETE ON blattwerk_search_searchterm BEGIN
        INSERT INTO blattwerk_search_term_trigram(blattwerk_search_term_trigram, rowid, term)
        VALUES ('delete', old.id, old.term);
    END
    """,
    """
    CREATE TRIGGER blattwerk_search_term_update AFTER UPDATE OF term ON blattwerk_search_searchterm BEGIN
        INSERT INTO blattwerk_search_term_trigram(blattwerk_search_term_trigram, rowid, term)
        VALUES ('delete', old.id, old.term);
        INSERT INTO blattwerk_search_term_trigram(rowid, term) VALUES (new.id, new.term);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS blattwerk_search_term_update",
    "DROP TRIGGER IF EXISTS blattwerk_search_term_delete",
    "DROP TRIGGER IF EXISTS blattwerk_search_term_insert",
    "DROP TABLE IF EXISTS blattwerk_search_term_trigram",
    "DROP TRIGGER IF EXISTS blattwerk_search_fts_update",
    "DROP TRIGGER IF EXISTS blattwerk_search_fts_delete",
    "DROP TRIGGER IF EXISTS blattwerk_search_fts_insert",
    "DROP TABLE IF EXISTS blattwerk_search_fts",
]

POSTGRES_FORWARD = [
    # Needs a superuser or the pg_trgm extension pre-installed by one (see docs/search.md).
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE blattwerk_search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, topic_terms), 'B')
        || setweight(to_tsvector('simple'::regconfig, lead_terms), 'B')
        || setweight(to_tsvector('simple'::regconfig, body_terms), 'C')
        || setweight(to_tsvector('simple'::regconfig, compound_terms), 'D')
    ) STORED
    """,
    "CREATE INDEX blattwerk_search_vector_gin ON blattwerk_search_searchdocument USING gin (search_vector)",
    # Move the long texts out of the heap rows, so scans over thousands of matches read narrow rows.
    "ALTER TABLE blattwerk_search_searchdocument SET (toast_tuple_target = 256)",
    # On an expression, so the planner never picks it for the `term IN (…)` lookups of indexing (pg_trgm
    # supports equality, slowly); the backend's typo query names the same expression.
    "CREATE INDEX blattwerk_search_term_trgm ON blattwerk_search_searchterm USING gin (lower(term) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE blattwerk_search_searchdocument RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS blattwerk_search_term_trgm",
    "DROP INDEX IF EXISTS blattwerk_search_vector_gin",
    "ALTER TABLE blattwerk_search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("blattwerk_search", "0001_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
