"""Unit selects show the organisation tree: each unit under its parent, indented."""

import pytest

from people.forms import UnitTreeChoiceField
from people.models import WorkUnit
from people.tests.factories import WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_units_come_under_their_parent_indented_by_depth(org):
    agency = org["agency"]
    setda = WorkUnitFactory(agency=agency, name="Sekretariat Daerah", code="SETDA")
    dinkes = WorkUnitFactory(agency=agency, name="Dinas Kesehatan", code="DK")
    bagian = WorkUnitFactory(
        agency=agency, name="Bagian Umum", code="SETDA-UM", parent=setda
    )
    WorkUnitFactory(agency=agency, name="Seksi Arsip", code="SETDA-UM-A", parent=bagian)
    field = UnitTreeChoiceField(
        queryset=WorkUnit.objects.filter(pk__gte=setda.pk, agency=agency)
    )
    labels = [label for _value, label in field.choices][1:]
    assert labels.index("Sekretariat Daerah") < labels.index("\u2003Bagian Umum")
    assert labels.index("\u2003Bagian Umum") < labels.index("\u2003\u2003Seksi Arsip")
    assert labels.index("\u2003\u2003Seksi Arsip") < labels.index(
        "Dinas Kesehatan"
    ) or (labels.index("Dinas Kesehatan") < labels.index("Sekretariat Daerah")), (
        "a unit's subtree is never split by another top unit"
    )
    assert dinkes.depth == 1
