from fastapi import APIRouter, BackgroundTasks, Request, Response

from app.api.current_user import CurrentUser
from app.api.deps import DatabaseDep, DbDep, SettingsDep
from app.api.openapi import error_responses
from app.api.routing import GuardedRoute
from app.core.rate_limit import Action
from app.schemas.auth import (
    LoginRequest,
    PasswordChange,
    PasswordResetAccepted,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    Token,
)
from app.schemas.common import Envelope
from app.schemas.user import UserCreate, UserOut
from app.services import auth as auth_service

router = APIRouter(prefix="/auth", tags=["auth"], route_class=GuardedRoute)

RESET_ACCEPTED = "If this address has an account, a reset link is on its way"


def _count_attempt(request: Request, action: Action, account: str) -> None:
    # After validation (a malformed request costs nothing), before any password work.
    address = request.client.host if request.client else None
    request.app.state.rate_limiter.check(action, address, account)


@router.post("/register", status_code=201, responses=error_responses(400, 409, 413, 415, 429))
def register(
    payload: UserCreate, request: Request, db: DbDep, settings: SettingsDep
) -> Envelope[UserOut]:
    _count_attempt(request, "register", payload.email)
    user = auth_service.register(db, payload, settings)
    return Envelope(data=UserOut.model_validate(user))


@router.post("/login", responses=error_responses(400, 401, 413, 415, 429))
def login(
    payload: LoginRequest, request: Request, database: DatabaseDep, settings: SettingsDep
) -> Envelope[Token]:
    _count_attempt(request, "login", payload.email)
    return Envelope(data=auth_service.login(database, payload, settings))


@router.get("/me", responses=error_responses(401))
def me(user: CurrentUser) -> Envelope[UserOut]:
    return Envelope(data=UserOut.model_validate(user))


@router.post("/refresh", responses=error_responses(400, 401, 413, 415, 429))
def refresh(
    payload: RefreshRequest, request: Request, db: DbDep, settings: SettingsDep
) -> Envelope[Token]:
    _count_attempt(request, "refresh", payload.refresh_token)
    return Envelope(data=auth_service.refresh(db, payload.refresh_token, settings))


@router.post("/logout", status_code=204, responses=error_responses(400, 401, 413, 415))
def logout(payload: RefreshRequest, user: CurrentUser, db: DbDep) -> Response:
    auth_service.logout(db, payload.refresh_token, user)
    return Response(status_code=204)


@router.post("/logout-all", status_code=204, responses=error_responses(401))
def logout_all(user: CurrentUser, db: DbDep) -> Response:
    auth_service.logout_all(db, user)
    return Response(status_code=204)


@router.put("/password", status_code=204, responses=error_responses(400, 401, 413, 415, 429))
def change_password(
    payload: PasswordChange,
    request: Request,
    user: CurrentUser,
    database: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    _count_attempt(request, "password-change", str(user.id))
    auth_service.change_password(database, user, payload, settings)
    return Response(status_code=204)


@router.post("/password-reset", status_code=202, responses=error_responses(400, 413, 415, 429))
def request_password_reset(
    payload: PasswordResetRequest,
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    after_response: BackgroundTasks,
) -> Envelope[PasswordResetAccepted]:
    _count_attempt(request, "password-reset", payload.email)
    # Queued once the answer has gone, so the work for a known address cannot slow it.
    after_response.add_task(auth_service.request_password_reset, database, payload.email, settings)
    return Envelope(data=PasswordResetAccepted(message=RESET_ACCEPTED))


@router.post(
    "/password-reset/confirm", status_code=204, responses=error_responses(400, 413, 415, 429)
)
def confirm_password_reset(
    payload: PasswordResetConfirm, request: Request, database: DatabaseDep, settings: SettingsDep
) -> Response:
    _count_attempt(request, "password-reset-confirm", payload.token)
    auth_service.confirm_password_reset(database, payload, settings)
    return Response(status_code=204)
