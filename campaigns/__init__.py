"""Campaigns: key dates (solar and Vietnamese lunar), campaigns, social channels."""
