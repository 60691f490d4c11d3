"""Writes of the campaigns app, one module per sub-domain: key_dates; plans
(campaigns, planned posts, occurrences); posts (written from the plan with their
waiting deliveries, saved by hand, published on time); outbox (sending deliveries);
channels (credentials and tokens); reminders. Import from the module itself."""
