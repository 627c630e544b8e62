from django.shortcuts import render

from marsad.search import queries
from marsad.search.index import kind_of, searchable_models, searched_by
from marsad.web.pages import pages_view

# Results per kind on the page of every kind, and when one kind is asked for.
PER_KIND = 5
ONE_KIND = 50
SUGGESTIONS = 3


def _entity_model():
    # The searchable kind whose records are the entities themselves.
    return next((m for m in searchable_models() if searched_by(m).entity == "pk"), None)


@pages_view
def search(request):
    """Everything the reader may read that matches the words, however they are spelt."""
    text = request.GET.get("q", "").strip()
    kinds = {kind_of(model): model for model in searchable_models()}
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    entities = _entity_model()
    entity = None
    code = request.GET.get("entity", "")
    if code and entities is not None:
        entity = entities._default_manager.filter(code=code).first()
    groups = queries.search(
        request.user,
        text,
        kinds=[kind] if kind else None,
        entity=[entity.pk] if entity else None,
        per_kind=ONE_KIND if kind else PER_KIND,
    )
    return render(
        request,
        "search/search.html",
        {
            "q": text,
            "words": queries.query_words(text),
            "groups": groups,
            "total": sum(group.count for group in groups),
            "kind": kind,
            "kinds": [(k, str(m._meta.verbose_name_plural)) for k, m in kinds.items()],
            "entity": entity,
            "entities": entities._default_manager.order_by("code") if entities else [],
        },
    )


@pages_view
def suggest(request):
    """A few results under the header's search box as the reader types."""
    text = request.GET.get("q", "").strip()
    groups = queries.search(request.user, text, per_kind=SUGGESTIONS) if len(text) >= 2 else []
    return render(request, "search/_suggestions.html", {"q": text, "groups": groups})
