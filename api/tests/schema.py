"""The OpenAPI schema the application generates, and the check of a response against it."""

import functools

from drf_spectacular.generators import SchemaGenerator
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec


@functools.cache
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_spec(generated)
    return generated


def check(response, method="get"):
    """Fails unless `response`'s JSON body is what the schema says of its path, method and status."""
    match = response.wsgi_request.resolver_match
    route = "/" + match.route.replace("<int:pk>", "{id}").replace("(?P<pk>[^/.]+)", "{id}")
    route = route.replace("^", "").replace("$", "")
    operation = schema()["paths"][route][method]
    answer = operation["responses"][str(response.status_code)]
    body_schema = answer["content"]["application/json"]["schema"]
    validator = OAS30Validator(
        {**body_schema, "components": schema()["components"]}, format_checker=OAS30Validator.FORMAT_CHECKER
    )
    validator.validate(response.json())
