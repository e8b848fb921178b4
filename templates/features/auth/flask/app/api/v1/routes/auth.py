from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import Response, after_this_request, current_app

from app.api.client_address import client_address
from app.api.current_user import auth, current_user
from app.api.deps import get_database, get_db, get_settings
from app.api.openapi import error_responses
from app.api.responses import no_content
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

bp = APIBlueprint("auth", __name__, url_prefix="/auth", tag="auth")

RESET_ACCEPTED = "If this address has an account, a reset link is on its way"


def _count_attempt(action: Action, account: str) -> None:
    # After validation (a malformed request costs nothing), before any password work.
    current_app.extensions["rate_limiter"].check(action, client_address(), account)


def _no_content(*statuses: int) -> ResponsesObjectType:
    return {204: {"description": "Successful Response"}, **error_responses(*statuses)}


@bp.post("/register")
@bp.input(UserCreate, arg_name="payload")
@bp.output(Envelope[UserOut], status_code=201)
@bp.doc(responses=error_responses(400, 409, 413, 415, 429))
def register(payload: UserCreate) -> Envelope[UserOut]:
    _count_attempt("register", payload.email)
    user = auth_service.register(get_db(), payload, get_settings())
    return Envelope(data=UserOut.model_validate(user))


@bp.post("/login")
@bp.input(LoginRequest, arg_name="payload")
@bp.output(Envelope[Token])
@bp.doc(responses=error_responses(400, 401, 413, 415, 429))
def login(payload: LoginRequest) -> Envelope[Token]:
    _count_attempt("login", payload.email)
    return Envelope(data=auth_service.login(get_database(), payload, get_settings()))


@bp.get("/me")
@bp.auth_required(auth)
@bp.output(Envelope[UserOut])
@bp.doc(responses=error_responses(401))
def me() -> Envelope[UserOut]:
    return Envelope(data=UserOut.model_validate(current_user()))


@bp.post("/refresh")
@bp.input(RefreshRequest, arg_name="payload")
@bp.output(Envelope[Token])
@bp.doc(responses=error_responses(400, 401, 413, 415, 429))
def refresh(payload: RefreshRequest) -> Envelope[Token]:
    _count_attempt("refresh", payload.refresh_token)
    return Envelope(data=auth_service.refresh(get_db(), payload.refresh_token, get_settings()))


@bp.post("/logout")
@bp.auth_required(auth)
@bp.input(RefreshRequest, arg_name="payload")
@bp.doc(responses=_no_content(400, 401, 413, 415))
def logout(payload: RefreshRequest) -> Response:
    auth_service.logout(get_db(), payload.refresh_token, current_user())
    return no_content()


@bp.post("/logout-all")
@bp.auth_required(auth)
@bp.doc(responses=_no_content(401))
def logout_all() -> Response:
    auth_service.logout_all(get_db(), current_user())
    return no_content()


@bp.put("/password")
@bp.auth_required(auth)
@bp.input(PasswordChange, arg_name="payload")
@bp.doc(responses=_no_content(400, 401, 413, 415, 429))
def change_password(payload: PasswordChange) -> Response:
    user = current_user()
    _count_attempt("password-change", str(user.id))
    auth_service.change_password(get_database(), user, payload, get_settings())
    return no_content()


@bp.post("/password-reset")
@bp.input(PasswordResetRequest, arg_name="payload")
@bp.output(Envelope[PasswordResetAccepted], status_code=202)
@bp.doc(responses=error_responses(400, 413, 415, 429))
def request_password_reset(payload: PasswordResetRequest) -> Envelope[PasswordResetAccepted]:
    _count_attempt("password-reset", payload.email)
    database, settings = get_database(), get_settings()

    @after_this_request
    def queue_once_answered(response: Response) -> Response:
        # Queued once the answer has gone, so the work for a known address cannot slow it.
        response.call_on_close(
            lambda: auth_service.request_password_reset(database, payload.email, settings)
        )
        return response

    return Envelope(data=PasswordResetAccepted(message=RESET_ACCEPTED))


@bp.post("/password-reset/confirm")
@bp.input(PasswordResetConfirm, arg_name="payload")
@bp.doc(responses=_no_content(400, 413, 415, 429))
def confirm_password_reset(payload: PasswordResetConfirm) -> Response:
    _count_attempt("password-reset-confirm", payload.token)
    auth_service.confirm_password_reset(get_database(), payload, get_settings())
    return no_content()
