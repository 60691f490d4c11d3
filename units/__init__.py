"""Grassroots unions (CĐCS): units, editors, sub-sites, annual plans, login locks,
and the one permission rule (permissions.py) every admin and view asks."""
