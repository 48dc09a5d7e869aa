"""The few pieces every SalesOps app shares: domain errors and their HTTP mapping, the scoping
mechanism (see `common.scoping`), money and period helpers, and the working-day calendar."""
