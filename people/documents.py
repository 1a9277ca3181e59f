"""What an agency's official documents carry, asked in one place by every PDF:
the kop surat, the signatory of that kind of document, and the next number of a
numbered series (certificates)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils.formats import date_format

from asn_portal import pdf
from people.models import Agency, DocumentCounter, DocumentSettings, Signatory
from people.numbering import DEFAULT_CERTIFICATE_PATTERN, format_number

CERTIFICATE_SERIES = "sertifikat"


@dataclass(frozen=True)
class Official:
    """The letterhead and signature block of one document."""

    letterhead: pdf.Letterhead
    signature: pdf.Signature | None  # None until HR names a signatory


def official(
    agency: Agency,
    kind: str,
    *,
    on: datetime.date,
    verify_url: str = "",
) -> Official:
    """The kop surat and the signature of a document of `kind` issued on `on`;
    `verify_url` is the document's public check, drawn as the signature's QR when
    the signatory chose one. Two queries, whatever the document holds."""
    settings = DocumentSettings.objects.filter(agency=agency).first()
    signatory = Signatory.objects.filter(agency=agency, kind=kind).first()
    return Official(
        letterhead=letterhead_of(agency, settings),
        signature=_signature(signatory, settings, on=on, verify_url=verify_url),
    )


def letterhead_of(agency: Agency, settings: DocumentSettings | None) -> pdf.Letterhead:
    if settings is None:
        return pdf.Letterhead(lines=(agency.name,))
    return pdf.Letterhead(
        lines=settings.lines,
        address=settings.address,
        contacts=settings.contacts,
        logo=_read(settings.logo),
    )


def _signature(signatory, settings, *, on, verify_url) -> pdf.Signature | None:
    if signatory is None:
        return None
    when = date_format(on, "j F Y")
    place_date = f"{settings.place}, {when}" if settings and settings.place else when
    mark = signatory.mark
    return pdf.Signature(
        name=signatory.name,
        nip=signatory.nip,
        jabatan=signatory.jabatan,
        place_date=place_date,
        image=_read(signatory.signature) if mark == Signatory.Mark.SCAN else None,
        qr=verify_url if mark == Signatory.Mark.QR else "",
    )


def _read(field_file) -> bytes | None:
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:  # a lost file must not stop the document
        return None


# --- numbers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    text: str
    year: int
    sequence: int


def next_certificate_number(*, agency_id: int, day: datetime.date) -> Number:
    """The agency's next certificate number of `day`'s year, in its pattern. Call
    it inside the transaction that stores the certificate: the counter row stays
    locked until that commits, and a rollback gives the number back."""
    pattern = (
        DocumentSettings.objects.filter(agency_id=agency_id)
        .values_list("certificate_number_pattern", flat=True)
        .first()
    ) or DEFAULT_CERTIFICATE_PATTERN
    sequence = _take_next(agency_id=agency_id, series=CERTIFICATE_SERIES, year=day.year)
    return Number(
        text=format_number(pattern, sequence=sequence, day=day),
        year=day.year,
        sequence=sequence,
    )


def _take_next(*, agency_id: int, series: str, year: int) -> int:
    with transaction.atomic():
        # get_or_create settles two first issues of a year at once through the
        # unique constraint; the row lock then orders every issue after it.
        DocumentCounter.objects.get_or_create(
            agency_id=agency_id, series=series, year=year
        )
        counter = DocumentCounter.objects.select_for_update().get(
            agency_id=agency_id, series=series, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last


# --- the settings page --------------------------------------------------------------


def settings_for_edit(agency: Agency) -> DocumentSettings:
    """The agency's document settings, or new ones filled from the agency."""
    current = DocumentSettings.objects.filter(agency=agency).first()
    return current or DocumentSettings(agency=agency, name_lines=agency.name)


def signatory_for_edit(agency: Agency, kind: str) -> Signatory:
    """The signatory of `kind`, or a new one; Http404 for a kind that does not exist."""
    if kind not in Signatory.Kind.values:
        raise Http404
    current = Signatory.objects.filter(agency=agency, kind=kind).first()
    return current or Signatory(agency=agency, kind=kind)


def signatories_by_kind(agency: Agency) -> list[tuple[str, str, Signatory | None]]:
    """(kind, its label, its signatory or None) for every kind, in one query."""
    named = {s.kind: s for s in Signatory.objects.filter(agency=agency)}
    return [(kind, label, named.get(kind)) for kind, label in Signatory.Kind.choices]
