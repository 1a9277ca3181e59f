"""Who calls the API: a key of an agency, sent as `Authorization: Bearer <key>` (or
`Api-Key <key>`). Sessions do not reach the API: a signed-in browser gets nothing
from it without a key, so a page's script (or a forged cross-site request) cannot
read through a user's session."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiKey
from api.services import note_use

KEYWORDS = ("bearer", "api-key")


class ApiClient:
    """The caller of a request made with a key: what DRF and the portal's middleware
    ask of `request.user`. It is no account, has no permission and no employee
    profile; what it may read comes from its key (`request.auth`)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, key: ApiKey):
        self.key = key

    def __str__(self):
        return f"API {self.key}"

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perms, obj=None) -> bool:
        return False


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("Tulis kunci API sesudah 'Bearer ' tanpa spasi lain.")
            )
        key = ApiKey.objects.matching(words[1].decode("latin-1"))
        if key is None:
            raise exceptions.AuthenticationFailed(_("Kunci API tidak dikenal."))
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Kunci API ini sudah dicabut."))
        if key.expires_on < timezone.localdate():
            raise exceptions.AuthenticationFailed(_("Kunci API ini sudah kedaluwarsa."))
        note_use(key)
        return ApiClient(key), key

    def authenticate_header(self, request):
        # Makes a request without a (valid) key a 401, not a 403.
        return 'Bearer realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A key HR make on the portal's API keys page (asn_<prefix>_<secret>), "
                "sent as `Authorization: Bearer <key>`; `Api-Key <key>` works too."
            ),
        }
