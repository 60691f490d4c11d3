"""Signal receivers: publishing tells us a campaign post went live (after commit)."""

from .models import CampaignPost
from .services.outbox import deliveries_release


def campaign_posts_published(sender, pks, **kwargs) -> None:
    """Release the social deliveries of campaign posts that were just published."""
    if sender is not CampaignPost:
        return
    deliveries_release(post_ids=list(pks))
