"""The store this project keeps its uploads in: the local disk, under UPLOAD_DIR."""

from app.core.config import Settings
from app.core.storage import LocalStorage, Storage


def storage_for(settings: Settings) -> Storage:
    return LocalStorage(settings.upload_dir)
