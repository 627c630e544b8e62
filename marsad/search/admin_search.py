from marsad.search.queries import matching


class FoldedSearch:
    """For a searchable model's admin: its search box also finds records however the
    words are spelt (through the search index), besides its own `search_fields`."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        matched = matching(self.model, search_term)
        if matched is None:
            return found, may_have_duplicates
        return found | queryset.filter(pk__in=matched), may_have_duplicates
