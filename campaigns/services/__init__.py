"""Writes of the campaigns app, one module per sub-domain: key_dates, plans
(campaigns, planned posts, occurrences), posts (written from the plan), outbox
(deliveries), channels and reminders. Import from the module itself."""
