"""/api/v1/: the endpoints, keys only (api.authentication)."""

from django.urls import path

from api import endpoints

app_name = "api"

urlpatterns = [
    path("", endpoints.KeyInfo.as_view(), name="root"),
    path("units/", endpoints.UnitList.as_view(), name="units"),
    path("employees/", endpoints.EmployeeList.as_view(), name="employees"),
    path("employees/batch/", endpoints.EmployeeBatch.as_view(), name="employee_batch"),
    path(
        "employees/<str:nip>/",
        endpoints.EmployeeDetail.as_view(),
        name="employee_detail",
    ),
    path("employees/<str:nip>/jp/", endpoints.JpLedger.as_view(), name="employee_jp"),
    path("jp/", endpoints.JpTotals.as_view(), name="jp_totals"),
    path(
        "certificates/verify/",
        endpoints.CertificateVerify.as_view(),
        name="certificate_verify",
    ),
    path("sessions/", endpoints.SessionList.as_view(), name="sessions"),
    path(
        "sessions/<int:pk>/enrolments/",
        endpoints.EnrolmentList.as_view(),
        name="session_enrolments",
    ),
    path(
        "evaluation-periods/",
        endpoints.PeriodList.as_view(),
        name="evaluation_periods",
    ),
    path(
        "evaluation-periods/<int:pk>/results/",
        endpoints.PeriodResults.as_view(),
        name="period_results",
    ),
    path(
        "evaluation-periods/<int:pk>/talent-box/",
        endpoints.TalentBox.as_view(),
        name="talent_box",
    ),
    path("ikm/", endpoints.IkmList.as_view(), name="ikm"),
    path("complaints/", endpoints.ComplaintList.as_view(), name="complaints"),
    path(
        "training-records/",
        endpoints.TrainingRecordCreate.as_view(),
        name="training_records",
    ),
]
