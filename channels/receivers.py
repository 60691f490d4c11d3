"""Signal receivers: publishing tells us items went live (after their commit)."""

from .services.outbox import deliveries_release


def items_published(sender, pks, **kwargs) -> None:
    """Release the social deliveries of whatever was just published, of any type."""
    deliveries_release(model=sender, pks=list(pks))
