from customers.models.complaints import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintSla,
    ComplaintStatus,
    ComplaintTransition,
    Severity,
)
from customers.models.contracts import Contract, Payment, Receivable
from customers.models.customer import (
    Customer,
    CustomerOwnerChange,
    CustomerSource,
    CustomerStatus,
    CustomerTierChange,
    Tier,
    TieringPolicy,
)
from customers.models.followups import Channel, FollowUp
from customers.models.health import CustomerHealth, HealthBand, HealthComponent, HealthPolicy
from customers.models.pipeline import (
    EscalationReport,
    Opportunity,
    OpportunityStageChange,
    PipelinePolicy,
    Stage,
)
from customers.models.surveys import SatisfactionSurvey

__all__ = [
    "Complaint", "ComplaintCategory", "ComplaintChannel", "ComplaintSla", "ComplaintStatus", "ComplaintTransition",
    "CustomerHealth", "HealthBand", "HealthComponent", "HealthPolicy", "Severity",
    "Channel", "Contract", "Customer", "CustomerOwnerChange", "CustomerSource", "CustomerStatus",
    "CustomerTierChange", "EscalationReport", "FollowUp", "Opportunity", "OpportunityStageChange",
    "Payment", "PipelinePolicy", "Receivable", "SatisfactionSurvey", "Stage", "Tier", "TieringPolicy",
]
