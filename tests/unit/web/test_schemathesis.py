"""Property-based API check: schemathesis generates requests from the OpenAPI schema and
no answer may be a server error (5xx). Bounded: a few examples per operation.

The operations are driven with hypothesis directly (``operation.as_strategy()``) rather
than through schemathesis' pytest plugin, which does not run under pytest 9.
"""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err, Ok

from web._world import ADMIN, World, login

#: Logging out would end the session the other operations use.
EXCLUDED_PATHS = {"/api/auth/logout"}
#: Generated examples per operation (plus the explicit ones).
EXAMPLES = 4


def test_api__no_server_errors(world: World) -> None:
    world.app.state.arx.mission = None  # a generated POST /api/plan-runs cannot start a long run
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        auth = login(c, ADMIN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.app, headers=auth)
    results = list(schema.get_all_operations())
    invalid = [r.err() for r in results if isinstance(r, Err)]
    assert not invalid, invalid
    operations = [r.ok() for r in results if isinstance(r, Ok)]
    tested = []
    for op in operations:
        if op.path in EXCLUDED_PATHS:
            continue

        @given(case=op.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=auth, checks=[not_a_server_error])

        check()
        tested.append(f"{op.method.upper()} {op.path}")
    assert len(tested) >= 15, tested
