from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import check_for_language
from simple_history.middleware import HistoryRequestMiddleware

# The REST API's paths (asn_portal/urls.py): it answers in the Accept-Language.
API_PREFIX = "/api/"


class ChosenLanguageMiddleware:
    """Bahasa Indonesia unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    office computers run an English browser for Indonesian-speaking staff. The API
    does follow it: another system has no language switch, and sends
    Accept-Language only when its programmer chose one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith(API_PREFIX):
            language = translation.get_language_from_request(request)
        elif chosen and check_for_language(chosen):
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY ({"camera": [], ...}) as the
    Permissions-Policy header: an empty list turns a browser feature off for the page
    and every frame in it, "self" allows it for our own origin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreForUsersMiddleware:
    """A page answered to a logged-in user is kept in no cache (shared proxy, or the
    browser's history on an office computer after logout)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class PageHistoryMiddleware:
    """simple_history's middleware, for the pages: it records the signed-in account
    as who made each change. A request to the API has no account (its caller is a
    key, api.authentication.ApiClient), so what it changes is recorded with no user;
    the records it makes name the key's system themselves."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.with_history_user = HistoryRequestMiddleware(get_response)

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            return self.get_response(request)
        return self.with_history_user(request)
