from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("buat-akun/", views.employee_list_accounts, name="employee_list_accounts"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/riwayat/", views.employee_history, name="employee_history"),
    path("<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/baru/", views.unit_create, name="unit_create"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("unit/impor-siasn/", views.unit_import, name="unit_import"),
    path(
        "unit/impor-siasn/konfirmasi/",
        views.unit_import_confirm,
        name="unit_import_confirm",
    ),
    path("<int:pk>/undang/", views.employee_invite, name="employee_invite"),
    path("<int:pk>/akhiri/", views.employee_end, name="employee_end"),
    path("akun-terkunci/", views.locked_accounts, name="locked_accounts"),
    path("akun/", views.accounts, name="accounts"),
    path("cari/", views.employee_search, name="employee_search"),
    path("plt-plh/", views.delegation_list, name="delegation_list"),
    path("plt-plh/baru/", views.delegation_create, name="delegation_create"),
    path("plt-plh/<int:pk>/akhiri/", views.delegation_end, name="delegation_end"),
    path("plt-plh/cari/", views.delegate_search, name="delegate_search"),
    path("kontak-saya/", views.my_contacts, name="my_contacts"),
    path("impor/", views.employee_import, name="employee_import"),
    path(
        "impor/konfirmasi/",
        views.employee_import_confirm,
        name="employee_import_confirm",
    ),
    path(
        "impor/pratinjau/<str:token>/",
        views.employee_import_preview,
        name="employee_import_preview",
    ),
    path(
        "impor/pratinjau/<str:token>/pilih/",
        views.employee_import_choose,
        name="employee_import_choose",
    ),
    path(
        "impor/templat.xlsx",
        views.employee_import_template,
        name="employee_import_template",
    ),
    path("back-office/riwayat/", views.back_office_changes, name="back_office_changes"),
    path(
        "instansi/<int:pk>/pengingat/",
        views.reminder_settings,
        name="reminder_settings",
    ),
    path(
        "instansi/<int:pk>/dokumen/", views.document_settings, name="document_settings"
    ),
    path(
        "instansi/<int:pk>/dokumen/riwayat/",
        views.document_settings_history,
        name="document_settings_history",
    ),
    path(
        "instansi/<int:pk>/dokumen/logo/", views.letterhead_logo, name="letterhead_logo"
    ),
    path(
        "instansi/<int:pk>/penandatangan/<slug:kind>/",
        views.signatory_edit,
        name="signatory_edit",
    ),
    path(
        "instansi/<int:pk>/penandatangan/<slug:kind>/riwayat/",
        views.signatory_history,
        name="signatory_history",
    ),
    path(
        "instansi/<int:pk>/penandatangan/<slug:kind>/tanda-tangan/",
        views.signatory_signature,
        name="signatory_signature",
    ),
]
