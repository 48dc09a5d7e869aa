ROUTES: list = []  # (prefix, viewset, basename) — owned by the customers-core work
