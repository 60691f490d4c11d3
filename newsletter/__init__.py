"""The e-mail newsletter without accounts: subscribers, issues, digests, bounces."""
