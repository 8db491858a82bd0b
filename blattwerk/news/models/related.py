"""Stored results of the related-articles computation (see news/related.py)."""

from django.db import models


class ArticleTerm(models.Model):
    """One weighted, stemmed term of an article: the inverted index behind related articles."""

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term"], name="news_articleterm_term")]
        unique_together = [("article", "term")]

    def __str__(self) -> str:
        return f"{self.term}={self.weight:.3f}"


class RelatedArticle(models.Model):
    """One of an article's best matches; at most a handful are kept per article."""

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="related_to")
    score = models.FloatField()

    class Meta:
        ordering = ["-score"]
        unique_together = [("article", "related")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id} ({self.score:.3f})"
