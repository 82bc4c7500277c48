"""The OpenAPI document: generated without warnings or errors, complete, served offline."""

import re

from django.urls import URLPattern, URLResolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from innopartner.api import urls as api_urls


def _api_paths() -> set[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    paths = set()
    for route in walk(api_urls.urlpatterns):
        route = route.lstrip("^").rstrip("$")
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        paths.add("/api/v1/" + route)
    return paths


def test_the_schema_of_the_api_generates_without_warnings_and_validates(capsys):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[*_prefixed()])
    schema = generator.get_schema(request=None, public=True)

    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, capsys.readouterr()


def _prefixed():
    from django.urls import include, path

    yield path("api/v1/", include("innopartner.api.urls"))


def test_every_url_of_the_api_is_in_the_served_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert _api_paths() <= set(schema["paths"]), _api_paths() - set(schema["paths"])
    assert "Problem" in schema["components"]["schemas"]
    for path in _api_paths():
        for method, operation in schema["paths"][path].items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (where, parameter["name"])
            problems = [
                code
                for code, response in operation["responses"].items()
                if "application/problem+json" in response.get("content", {})
            ]
            assert "401" in problems, where


def test_the_docs_page_uses_the_bundled_swagger_ui_not_a_cdn(client):
    page = client.get("/api/docs/").content.decode()

    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
