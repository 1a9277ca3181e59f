from django.urls import path

from idp import views

app_name = "idp"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("daftar/", views.plan_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/putuskan/", views.decide, name="decide"),
    path("kegiatan/<int:pk>/hapus/", views.activity_delete, name="activity_delete"),
    path("kegiatan/<int:pk>/selesai/", views.activity_done, name="activity_done"),
]
