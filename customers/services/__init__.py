"""Customer services. Each module holds one area's rules; import from the module
(`customers.services.tiering`, `customers.services.contracts`, …)."""
