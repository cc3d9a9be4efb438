"""Writing knowledge-base articles, audited in the same transaction."""

from django.db import transaction

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.knowledge.models import Article
from safepath.lib.versioning import save_versioned


def _audit(actor, action: str, article: Article, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=article,
        organisation_id=article.organisation_id,
        role=roles_in(actor, article.organisation_id) if actor else "",
        fields=fields,
    )


@transaction.atomic
def article_create(*, article: Article, actor) -> Article:
    """Save a new article (a form's unsaved instance, or one built by the demo).
    At least one title and one text are required (Article.clean)."""
    article.created_by = article.updated_by = actor
    article.search_text = article.searchable_text()
    article.full_clean()
    article.save()
    _audit(actor, "article.create", article)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    changed: list[str],
    actor,
    expected_version: int | None = None,
) -> Article:
    """Save changes; refused with StaleVersion if someone saved the article
    after `expected_version` was read. The audit names the fields only."""
    article.updated_by = actor
    article.search_text = article.searchable_text()
    article.full_clean()
    save_versioned(article, expected=expected_version)
    if changed:
        _audit(actor, "article.update", article, fields=changed)
    return article
