"""Signals linking publishing to content apps it must not import (DESIGN.md).

`published` is sent inside the transaction that publishes, with the model class as
sender and the ids of the rows that just went live, by the save service and by the
sweep alike: guidance creates distribution rows, campaigns release their social
deliveries. Receivers write in that transaction, so what a publication promises
commits with it or not at all (#12: an exception in an after-commit callback once left
a published document with no distribution rows). A receiver starts Celery work only
through publishing.outbox or a row a sweep re-drives, never a bare after-commit send.
"""

from django.dispatch import Signal

published = Signal()  # sender: model class; pks: list[int]
