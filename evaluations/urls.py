app_name = "evaluations"

urlpatterns = []
