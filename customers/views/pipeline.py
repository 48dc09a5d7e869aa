urlpatterns: list = []  # pipeline / contracts / receivables pages
