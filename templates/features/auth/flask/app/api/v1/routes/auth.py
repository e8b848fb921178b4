from app.api.current_user import bearer_auth
from app.api.deps import get_db, get_read_db, get_settings
from app.api.routing import ApiRouter
from app.models.user import User
from app.schemas.auth import LoginRequest, Token
from app.schemas.common import Envelope
from app.schemas.user import UserCreate, UserOut
from app.services import auth as auth_service

router = ApiRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/register",
    status=201,
    body=UserCreate,
    response=Envelope[UserOut],
    errors=(400, 409, 413, 415),
)
def register(payload: UserCreate) -> Envelope[UserOut]:
    user = auth_service.register(get_db(), payload, get_settings())
    return Envelope(data=UserOut.model_validate(user))


@router.post("/login", body=LoginRequest, response=Envelope[Token], errors=(400, 401, 413, 415))
def login(payload: LoginRequest) -> Envelope[Token]:
    return Envelope(data=auth_service.login(get_read_db(), payload, get_settings()))


@router.get("/me", auth=bearer_auth, response=Envelope[UserOut], errors=(401,))
def me(user: User) -> Envelope[UserOut]:
    return Envelope(data=UserOut.model_validate(user))
