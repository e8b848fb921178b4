"""For tests that run the project's own commands in processes of their own."""

import json
import os
from pathlib import Path

from app.core.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def environment_of(settings: Settings, **changes: str) -> dict[str, str]:
    """This process's environment plus `settings` as the variables a command reads them
    from (unset ones left out), with `changes` on top."""
    variables = {
        name.upper(): value if isinstance(value, str) else json.dumps(value)
        for name, value in settings.model_dump(mode="json").items()
        if value is not None
    }
    return {**os.environ, **variables, **changes}
