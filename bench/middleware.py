"""Counts the SQL queries of each request and reports them in an ``X-Query-Count`` header.

Installed only when the environment sets QUERY_COUNT_HEADER=1 (the benchmark does); it uses
`connection.execute_wrapper`, so it works with DEBUG off and keeps no query text."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Query-Count"] = str(count[0])
        return response
