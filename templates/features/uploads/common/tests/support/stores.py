"""The stores the storage tests run on, and what a store holds, read back for checks.
Here the local disk only; a project with `--storage s3` adds its bucket."""

from pathlib import Path

from app.core.config import Settings
from app.core.storage import LocalStorage, Storage

STORE_KINDS = ["local"]


def new_store(kind: str, tmp_path: Path) -> Storage:
    """An empty store of `kind`."""
    assert kind == "local"
    return LocalStorage(str(tmp_path / "store"))


def stored_names(settings: Settings) -> set[str]:
    """The names of everything the app's store holds."""
    root = Path(settings.upload_dir)
    return {path.name for path in root.iterdir()} if root.exists() else set()


def stored_bytes(settings: Settings, name: str) -> bytes:
    return (Path(settings.upload_dir) / name).read_bytes()
