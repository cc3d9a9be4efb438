from django import forms
from django.contrib import admin

from safepath.knowledge.forms import ArticleCreateForm
from safepath.knowledge.models import Article
from safepath.knowledge.services import article_create, article_update


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ArticleCreateForm.Meta.fields


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Platform admins correct any organisation's articles; the changes go
    through the services, so they are audited like the organisations' own."""

    form = ArticleAdminForm
    list_display = ["__str__", "organisation", "topic", "is_published", "updated_at"]
    list_filter = ["topic", "is_published", "is_public", "organisation"]
    search_fields = ["search_text"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Unpublish instead: the article keeps its audit trail.
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            article_update(article=obj, changed=form.changed_data, actor=request.user)
        else:
            article_create(article=obj, actor=request.user)
