ROUTES: list = []  # (prefix, viewset, basename) — owned by the pipeline/contracts work
