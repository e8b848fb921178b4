from flask import current_app

from app.api.client_address import client_address
from app.api.current_user import bearer_auth
from app.api.deps import get_database, get_db, get_settings
from app.api.routing import ApiRouter
from app.core.rate_limit import Action
from app.models.user import User
from app.schemas.auth import LoginRequest, Token
from app.schemas.common import Envelope
from app.schemas.user import UserCreate, UserOut
from app.services import auth as auth_service

router = ApiRouter(prefix="/auth", tags=["auth"])


def _count_attempt(action: Action, email: str) -> None:
    # After validation (a malformed request costs nothing), before any password work.
    current_app.extensions["rate_limiter"].check(action, client_address(), email)


@router.post(
    "/register",
    status=201,
    body=UserCreate,
    response=Envelope[UserOut],
    errors=(400, 409, 413, 415, 429),
)
def register(payload: UserCreate) -> Envelope[UserOut]:
    _count_attempt("register", payload.email)
    user = auth_service.register(get_db(), payload, get_settings())
    return Envelope(data=UserOut.model_validate(user))


@router.post(
    "/login", body=LoginRequest, response=Envelope[Token], errors=(400, 401, 413, 415, 429)
)
def login(payload: LoginRequest) -> Envelope[Token]:
    _count_attempt("login", payload.email)
    return Envelope(data=auth_service.login(get_database(), payload, get_settings()))


@router.get("/me", auth=bearer_auth, response=Envelope[UserOut], errors=(401,))
def me(user: User) -> Envelope[UserOut]:
    return Envelope(data=UserOut.model_validate(user))
