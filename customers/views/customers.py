urlpatterns: list = []  # customers-core pages
