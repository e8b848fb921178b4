from fastapi import APIRouter

from app.api.current_user import CurrentUser
from app.api.deps import DbDep, ReadDbDep, SettingsDep
from app.api.openapi import error_responses
from app.api.routing import GuardedRoute
from app.schemas.auth import LoginRequest, Token
from app.schemas.common import Envelope
from app.schemas.user import UserCreate, UserOut
from app.services import auth as auth_service

router = APIRouter(prefix="/auth", tags=["auth"], route_class=GuardedRoute)


@router.post("/register", status_code=201, responses=error_responses(400, 409, 413, 415))
def register(payload: UserCreate, db: DbDep, settings: SettingsDep) -> Envelope[UserOut]:
    user = auth_service.register(db, payload, settings)
    return Envelope(data=UserOut.model_validate(user))


@router.post("/login", responses=error_responses(400, 401, 413, 415))
def login(payload: LoginRequest, db: ReadDbDep, settings: SettingsDep) -> Envelope[Token]:
    return Envelope(data=auth_service.login(db, payload, settings))


@router.get("/me", responses=error_responses(401))
def me(user: CurrentUser) -> Envelope[UserOut]:
    return Envelope(data=UserOut.model_validate(user))
