from customers.admin import customers, pipeline  # noqa: F401
