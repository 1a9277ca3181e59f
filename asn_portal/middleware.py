from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language


class ChosenLanguageMiddleware:
    """Bahasa Indonesia unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    office computers run an English browser for Indonesian-speaking staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = (
            chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
