def seed(ctx):
    """Customers, follow-ups, surveys (customers-core work)."""
