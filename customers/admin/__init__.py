from customers.admin import complaints, customers, pipeline  # noqa: F401
