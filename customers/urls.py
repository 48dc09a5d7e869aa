from customers.views import customers, pipeline

app_name = "customers"
urlpatterns = [*customers.urlpatterns, *pipeline.urlpatterns]
