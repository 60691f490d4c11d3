"""What all content shares, one of each.

Status, scheduling and the due sweep (workflow.py, the only code that changes a
status); Vietnamese text, slugs and search; sanitised rich text; images and stored
documents judged by content; the page cache; the one registry (hooks.py) through
which apps contribute blocks, search sections, admin boxes and published items;
send-once e-mail (notifications.py), the task outbox, leases, exports, pagination,
slug redirects, rate limits and scheduler health. It imports no other app.
"""
