"""Guidance documents: official metadata, attachments, distribution, acknowledgements."""
