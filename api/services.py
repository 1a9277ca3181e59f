import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from api.keys import new_secret
from api.models import ApiKey, Scope
from asn_portal.refusals import Refused

# A key is made for at most this long; HR make a new one before it ends.
MAX_VALID_DAYS = 730
# last_used_at is written at most once a minute per key, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def create_api_key(
    *,
    agency,
    name: str,
    scopes: list[str],
    expires_on: datetime.date,
    created_by,
) -> tuple[ApiKey, str]:
    """A new key of `agency`, and its secret: the only time the secret exists
    outside the caller's hands."""
    today = timezone.localdate()
    if not scopes or set(scopes) - set(Scope.values):
        raise Refused(_("Pilih paling sedikit satu izin."), field="scopes")
    if expires_on <= today:
        raise Refused(_("Tanggal berlaku harus sesudah hari ini."), field="expires_on")
    if expires_on > today + datetime.timedelta(days=MAX_VALID_DAYS):
        raise Refused(
            _("Kunci berlaku paling lama %(n)d hari.") % {"n": MAX_VALID_DAYS},
            field="expires_on",
        )
    secret = new_secret()
    with transaction.atomic():
        key = ApiKey.objects.create(
            agency=agency,
            name=name.strip(),
            prefix=secret.prefix,
            salt=secret.salt,
            digest=secret.digest,
            scopes=[s for s in Scope.values if s in scopes],
            expires_on=expires_on,
            created_by=created_by,
        )
    return key, secret.key


def revoke_api_key(*, key: ApiKey, actor) -> bool:
    """Revoke `key` at once (its next request is refused); False when it already
    was."""
    revoked = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor, updated_at=timezone.now()
    )
    return bool(revoked)


def note_use(key: ApiKey) -> None:
    """Record that `key` was used now, to the minute: one UPDATE that changes the
    row only when the last note is older than that."""
    now = timezone.now()
    ApiKey.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION),
        pk=key.pk,
    ).update(last_used_at=now)
