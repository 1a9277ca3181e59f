from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Pages follow one another by an opaque cursor (`next`, `previous`), so a
    client walking 20,000 rows never skips or repeats one that was added meanwhile,
    and each page costs the same whatever its depth. Ordered by id: stable, unique
    and indexed."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
