import pytest
from django.core.cache import cache

from people.models import Employee
from siasn_ws.client import variable_names
from siasn_ws.models import SiasnConnection
from siasn_ws.tests.fake_siasn import CREDENTIALS, SSO_PATH, FakeSiasn


@pytest.fixture
def fake_siasn():
    """A fake SIASN on 127.0.0.1 (a free port), for this test only."""
    fake = FakeSiasn().start()
    yield fake
    fake.stop()


@pytest.fixture
def siasn_on(org, fake_siasn, monkeypatch):
    """Agency A's web service switched on, pointed at the fake, its credentials in
    the environment; the member known to SIASN. Returns the connection."""
    cache.clear()
    for name, variable in zip(
        CREDENTIALS, variable_names(org["agency"].code), strict=True
    ):
        monkeypatch.setenv(variable, CREDENTIALS[name])
    fake_siasn.add_pns(org["member"].nip, org["member"].full_name)
    return SiasnConnection.objects.create(
        agency=org["agency"],
        enabled=True,
        api_url=fake_siasn.url,
        token_url=f"{fake_siasn.url}/oauth2/token",
        sso_url=fake_siasn.url + SSO_PATH,
        instansi_id="A5EB03E23CCCF6A0E040640A040252AD",
    )


JENIS_PEGAWAI = "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota"
JENIS_JABATAN = {
    Employee.JabatanType.PELAKSANA: ("Jabatan Pelaksana", ""),
    Employee.JabatanType.PENGAWAS: ("Jabatan Struktural", "IV.a"),
}


def as_siasn(employee, instansi, **changes) -> dict:
    """What SIASN's data utama says of `employee` today, with `changes`."""
    jenis, eselon = JENIS_JABATAN[employee.jabatan_type]
    return {
        "nama": employee.name,
        "gelarDepan": employee.front_title,
        "gelarBelakang": employee.back_title,
        "jenisPegawaiNama": JENIS_PEGAWAI,
        "kedudukanPnsNama": "Aktif",
        "golRuangAkhir": employee.golongan,
        "jenisJabatan": jenis,
        "eselon": eselon,
        "jabatanNama": employee.jabatan_name,
        "unorId": employee.unit.siasn_id,
        "unorNama": "",  # named by ref-unor
        "instansiKerjaId": instansi,
        "tglLahir": employee.birth_date.strftime("%d-%m-%Y"),
        "jenisKelamin": "M" if employee.gender == "L" else "F",
        **changes,
    }


ROLES = ("hr", "leader", "supervisor", "member", "outsider", "mentor")


@pytest.fixture
def pulling(org, siasn_on, fake_siasn):
    """Agency A pulls from the fake SIASN, which knows its unit and each of its
    employees as the portal holds them (profiles already loaded once)."""
    unit = org["unit"]
    unit.siasn_id = "8ae4828800000001"
    unit.save()
    Employee.objects.filter(agency=org["agency"]).update(
        employee_type=JENIS_PEGAWAI, legal_status="Aktif"
    )
    fake_siasn.add_unor(unit.siasn_id, unit.name, instansi=siasn_on.instansi_id)
    fake_siasn.pns.clear()
    for role in ROLES:
        employee = Employee.objects.get(pk=org[role].pk)
        pns_id = fake_siasn.add_pns(
            employee.nip, employee.name, **as_siasn(employee, siasn_on.instansi_id)
        )
        Employee.objects.filter(pk=employee.pk).update(siasn_id=pns_id)
    siasn_on.pull_enabled = True
    siasn_on.save()
    return siasn_on
