from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 10**9


class ApiPagination(LimitOffsetPagination):
    """`?limit=&offset=`; limit at most 200. An offset beyond any real list is capped, so that
    a huge number never reaches the database."""

    default_limit = 50
    max_limit = 200

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)

    def get_limit(self, request):
        limit = super().get_limit(request)
        return max(1, limit) if limit is not None else limit

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 0
            if parameter["name"] == self.limit_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["schema"]["maximum"] = self.max_limit
            else:
                parameter["schema"]["maximum"] = MAX_OFFSET
        return parameters
