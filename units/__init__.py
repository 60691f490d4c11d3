"""Grassroots unions (CĐCS): units, editors, sub-sites and the one permission rule."""
