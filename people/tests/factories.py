import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image

from people import nip as nip_rules
from people.models import Agency, Employee, WorkUnit
from people.roles import ROLE_GROUPS

PASSWORD = "rahasia-demo-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[Role.HR]) puts the user in the role's group."""
        for role in extracted or []:
            group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
            self.groups.add(group)
        if create:
            self.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Pemerintah Kota Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Kota Contoh {n}")
    code = factory.Sequence(lambda n: f"kota-contoh-{n}")


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")


def _nip(n: int) -> str:
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=(n * 37) % 9000)
    return nip_rules.build_nip(
        birth_date=birth,
        appointment_year=birth.year + 25,
        appointment_month=(n % 12) + 1,
        gender=nip_rules.MALE if n % 2 else nip_rules.FEMALE,
        sequence=n % 1000,
    )


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    agency = factory.SubFactory(AgencyFactory)
    unit = factory.SubFactory(WorkUnitFactory, agency=factory.SelfAttribute("..agency"))
    user = factory.SubFactory(UserFactory)
    nip = factory.Sequence(_nip)
    name = factory.Faker("name", locale="id_ID")
    status = Employee.Status.PNS
    golongan = Employee.Golongan.III_A
    jabatan_type = Employee.JabatanType.PELAKSANA
    jabatan_name = "Pengadministrasi Umum"


def png_file(name="gambar.png", size=(60, 30), colour="navy") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


# Distinctive signatories, one per kind of document, for tests to look for.
SIGNERS = {
    "sertifikat": ("Drs. Tumpal Sinaga, M.Si.", "196803121994031007"),
    "sertifikat_magang": ("Ir. Rosmawati Purba", "197105231998032004"),
    "laporan_ikm": ("Hotman Pardede, S.H.", "197509092000121003"),
    "laporan_pimpinan": ("Dr. Budiman Hutagalung", "196601011990031011"),
    "dokumen_skp": ("Lamria Simanjuntak, S.E.", "198002142005012002"),
}


def make_documents(
    agency, *, pattern="{seq}/SERT/BKPSDM/{year}", logo=True, mark="kosong"
):
    """The agency's kop surat and a signatory for every kind of document."""
    from people.models import DocumentSettings, Signatory

    settings = DocumentSettings.objects.create(
        agency=agency,
        name_lines=f"Pemerintah Kota Uji {agency.code}\nBadan Kepegawaian Uji",
        address="Jl. Merdeka No. 5, Pematangsiantar 21111",
        phone="(0622) 123456",
        email="bkpsdm@uji.go.id",
        place="Pematangsiantar",
        certificate_number_pattern=pattern,
    )
    if logo:
        settings.logo.save("logo.png", png_file(), save=True)
    for kind, (name, nip) in SIGNERS.items():
        Signatory.objects.create(
            agency=agency,
            kind=kind,
            name=name,
            nip=nip,
            jabatan=f"Kepala Badan Uji ({kind})",
            mark=mark if kind in Signatory.VERIFIABLE else "kosong",
        )
    return settings
