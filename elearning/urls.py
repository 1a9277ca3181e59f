app_name = "elearning"

urlpatterns = []
