"""Background task kinds: plain functions registered by name (see registry.py)."""

from typing import Any

from app.tasks.registry import task


@task("echo")
def echo(payload: dict[str, Any]) -> dict[str, Any]:
    """Return the payload; `"fail": true` shows how a failing task is retried, then
    recorded as failed."""
    if payload.get("fail") is True:
        raise RuntimeError("echo was asked to fail")
    return payload
