# Before any route module is imported: @bp.input/@bp.output pick their schema adapter
# when they decorate, so ours must be registered first (see app/api/hooks.py).
from app.api.hooks import use_contract_adapter

use_contract_adapter()
