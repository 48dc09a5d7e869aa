from celery import shared_task


@shared_task(name="common.ping")
def ping(value: str = "pong") -> str:
    """Round trip used by the health check and the worker service test."""
    return value
