"""Articles for search tests, created and published the way the newsroom does it."""

from blattwerk.news.models import ArticlePage, Author, SectionPage


def make_article(
    title: str,
    body: str,
    *,
    section_slug: str = "politik",
    slug: str | None = None,
    lead: str = "Ein kurzer Vorspann.",
    publish: bool = True,
    topics: tuple[str, ...] = (),
) -> ArticlePage:
    section = SectionPage.objects.get(slug=section_slug)
    article = ArticlePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-")[:50],
        lead=lead,
        author=Author.objects.order_by("pk").first(),
        body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
    )
    section.add_child(instance=article)
    if topics:
        article.topics.add(*topics)
        article.save()
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article
