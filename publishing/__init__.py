"""What all content shares: status and scheduling, slugs, rich text, the due sweep."""
