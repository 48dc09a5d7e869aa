"""Page forms of the customers app: `customers` (profile, follow-up, tier/owner/status actions,
import), `pipeline` (opportunities, contracts, receivables, payments) and `pickers` (type-to-search
fields). They validate input only; the rules live in the services."""
