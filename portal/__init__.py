"""The project shell: what ties the domain apps together and belongs to none of them — the role-aware
navigation, the home page each role lands on, and `manage.py seed_demo`, which asks every app's
`demo.py` for its part. `common` holds the generic pieces and imports no domain app; `portal` may
import them all, and no app imports `portal`."""
