"""The HTTP API against its own OpenAPI document, by schemathesis: generated requests (valid and
invalid) to every operation, and every answer checked — never a server error, only documented
status codes, bodies that match their schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from storyline.web.app import WebSettings, create_app

TOKEN = "schema-token"


#: Every operation of the API (the test below also checks that this list is complete).
OPERATIONS = [
    "GET /api/stories",
    "GET /api/failures",
    "GET /api/stories/{story_id}",
    "GET /api/stories/{story_id}/entries/{seq}",
    "GET /api/events/{event_id}",
    "GET /api/articles/{article_id}",
    "GET /api/entities/{entity_id}",
    "GET /api/search",
    "POST /api/articles",
    "POST /api/articles/upload",
]


@pytest.fixture(scope="module")
def api_schema(seed_db: Path) -> Any:
    # Writing is on, with a token the generated requests do not know: the write operations
    # are exercised up to their checks (token, size, shape) without building anything.
    app = create_app(WebSettings(db=str(seed_db), write_token=TOKEN, index_meaning=False))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_is_tested(api_schema: Any) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert labels == set(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_conforms_to_its_openapi_document(api_schema: Any, label: str) -> None:
    # (schemathesis's own pytest plugin does not run on pytest 9: each operation's strategy is
    # driven by hypothesis here instead.)
    (operation,) = [r.ok() for r in api_schema.get_all_operations() if r.ok().label == label]
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]

    @given(case=st.one_of(*(operation.as_strategy(generation_mode=m) for m in modes)))
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate()

    run()


def test_the_openapi_document_names_every_page_twin(seed_db: Path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(WebSettings(db=str(seed_db), index_meaning=False))) as client:
        document = client.get("/openapi.json").json()
    paths = set(document["paths"])
    assert paths >= {
        "/api/stories",
        "/api/failures",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/entries/{seq}",
        "/api/articles/{article_id}",
        "/api/entities/{entity_id}",
        "/api/events/{event_id}",
        "/api/search",
        "/api/articles",
        "/api/articles/upload",
    }
    assert set(document["paths"]["/api/articles"]) == {"post"}


def test_real_data_conforms_to_the_schemas(api_schema: Any, seed_export: dict[str, Any]) -> None:
    """The generated ids are mostly unknown (404): every real story, entry, article, entity and
    event is checked against its response schema here."""
    operations = {r.ok().label: r.ok() for r in api_schema.get_all_operations()}
    calls: list[tuple[str, dict[str, Any]]] = []
    for story in seed_export["stories"]:
        calls.append(("GET /api/stories/{story_id}", {"story_id": story["id"]}))
        for seq in range(len(story["timeline"])):
            calls.append(
                ("GET /api/stories/{story_id}/entries/{seq}", {"story_id": story["id"], "seq": seq})
            )
    for article in seed_export["articles"]:
        calls.append(("GET /api/articles/{article_id}", {"article_id": article["id"]}))
    for entity in seed_export["entities"]:
        calls.append(("GET /api/entities/{entity_id}", {"entity_id": entity["id"]}))
    for event in seed_export["events"]:
        calls.append(("GET /api/events/{event_id}", {"event_id": event["id"]}))
    for label, parameters in calls:
        case = operations[label].Case(path_parameters=parameters)
        response = case.call_and_validate()
        assert response.status_code == 200, (label, parameters)
    for query in ({"q": "migrants"}, {"q": "Biden", "kind": ["quote"], "limit": 3}):
        case = operations["GET /api/search"].Case(query=query)
        assert case.call_and_validate().json()["results"]
