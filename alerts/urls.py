from alerts import views

app_name = "alerts"
urlpatterns = views.urlpatterns
