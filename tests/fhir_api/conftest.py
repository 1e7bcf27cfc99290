"""Helpers for the FHIR tests: fetch, check the content type, validate."""

import pytest
from fhir.resources.R4B import get_fhir_model_class

from fhir_api import codes


def validate(resource: dict) -> None:
    """Raises unless fhir.resources' R4B model of the resource's type accepts it;
    in a Bundle, every entry's resource too (the Bundle model checks them)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


@pytest.fixture
def fhir(client):
    """GET a /fhir/ address; answers (status, body), the body validated."""

    def get(path: str, params=None, **kwargs):
        response = client.get(path, params or {}, **kwargs)
        assert response["Content-Type"].startswith(codes.FHIR_JSON)
        body = response.json()
        validate(body)
        return response.status_code, body

    return get


def entries(bundle: dict, mode: str = "match") -> list[dict]:
    return [
        e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode
    ]


def ids(bundle: dict, mode: str = "match") -> list[str]:
    return [r["id"] for r in entries(bundle, mode)]


def extension(resource: dict, url: str) -> dict:
    (found,) = [e for e in resource.get("extension", []) if e["url"] == url]
    return found
