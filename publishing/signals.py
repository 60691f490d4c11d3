"""Signals linking publishing to content apps it must not import (DESIGN.md).

`published` is sent after commit with the model class as sender and the ids of the
rows that just went live, by the save service and by the sweep alike: guidance uses it
to create distribution rows, campaigns to release their social deliveries.
"""

from django.dispatch import Signal

published = Signal()  # sender: model class; pks: list[int]
