"""Report periods: a date range in the agency's time zone."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from asn_portal.formats import period_name


def day_bounds(start: datetime.date, end: datetime.date):
    """[local midnight of start, local midnight after end) as aware datetimes."""
    tz = timezone.get_default_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return since, until


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """ "Tahun 2026", "Triwulan IV 2026", or the two dates of any other range."""
        return period_name(self.start, self.end)

    def query(self) -> str:
        return f"dari={self.start:%Y-%m-%d}&sampai={self.end:%Y-%m-%d}"


def year_of(day: datetime.date) -> Period:
    return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))


def period_from_request(request) -> Period:
    """`?dari=YYYY-MM-DD&sampai=YYYY-MM-DD`; this calendar year when absent or bad."""
    default = year_of(timezone.localdate())
    try:
        start = datetime.date.fromisoformat(request.GET.get("dari", ""))
        end = datetime.date.fromisoformat(request.GET.get("sampai", ""))
    except ValueError:
        return default
    if end < start:
        start, end = end, start
    return Period(start, end)
