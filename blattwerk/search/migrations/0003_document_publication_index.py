# Covering index for ranking and filters over many matches (see SQLiteBackend._match).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blattwerk_search', '0002_engine_full_text_indexes'),
        ('news', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['article', 'published_at', 'section', 'author'], name='search_doc_article_pub'),
        ),
    ]
