def seed(ctx):
    """Opportunities, contracts, receivables, payments (pipeline work)."""
