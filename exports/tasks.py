"""Thin tasks: look the job up by id and run it (idempotent; acks late, so a worker restart runs
it again from the start rather than losing it)."""

from celery import shared_task

from exports import services


@shared_task(name="exports.run_export", acks_late=True)
def run_export(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(name="exports.run_import", acks_late=True)
def run_import(job_id: int) -> None:
    services.import_job_run(job_id=job_id)
