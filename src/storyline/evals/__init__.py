"""Quality evaluations on public benchmark data (see docs/quality.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping


def print_metrics(compute: Callable[[], Mapping[str, object]], *, allow_nan: bool = True) -> int:
    """An evaluation run from its module's ``main``: the metrics as one JSON line on standard
    output (exit code 0), or why the data cannot be read on standard error (1)."""
    from storyline.errors import DataNotFound

    try:
        metrics = compute()
    except DataNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(metrics, sort_keys=True, allow_nan=allow_nan))
    return 0
