from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Training (SPEC §6): sessions, attendance, assessments with retakes, certifications and the
    monthly training rule. Upstream of performance, which reads its KPI inputs."""

    name = "training"
    verbose_name = _("Training")
