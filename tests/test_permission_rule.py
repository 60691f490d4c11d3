"""Every permission question is asked of units/permissions.py (DESIGN.md invariant 3).

The product code (every app package, not tests or migrations) is searched for the
ways a rule gets written again by hand: superuser checks, the office group by name,
and unit filters built from a user's memberships. A new one fails here; ask
units.permissions instead (is_office_staff, office_staff_users, scope_queryset,
user_can_edit, unit_editor_memberships...), or, if it really is not a permission
question, add it to ALLOWED with the reason.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE = "units/permissions.py"

PATTERNS = {
    "superuser check": re.compile(r"is_superuser"),
    "office group by name": re.compile(r"groups__name|groups\.filter\(\s*name"),
    "memberships by hand": re.compile(
        r"Membership\.objects|unit_memberships|memberships__"
    ),
    "unit ids filtered by hand": re.compile(r"unit_ids_editable_by\("),
}

# (path, pattern name, a fragment of the line) -> why it is not a rule written again.
ALLOWED = {
    # The demo office account is created as a superuser (make demo).
    ("publishing/demo.py", "superuser check", '"is_superuser": True'): "load_demo",
    # load_demo makes each demo editor once; membership_save does the rest.
    ("units/demo.py", "memberships by hand", "Membership.objects.filter(user=user"): (
        "load_demo"
    ),
    # The user admin names the privilege fields it hides from office staff; whether
    # they may set them is user_can_grant_privileges.
    ("units/admin.py", "superuser check", 'PRIVILEGE_FIELDS = ("is_superuser"'): (
        "field names"
    ),
    # The reverse relation's name, declared on Membership.user.
    ("units/models.py", "memberships by hand", 'related_name="unit_memberships"'): (
        "model definition"
    ),
    # The admin home's role hook: answers (is office, unit ids) from the rule itself.
    ("units/admin_home.py", "unit ids filtered by hand", "unit_ids_editable_by("): (
        "role hook"
    ),
}


def product_files():
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        top = relative.parts[0]
        if top.startswith(".") or top in {"tests", "node_modules", "benchmarks"}:
            continue
        if "migrations" in relative.parts or not (ROOT / top / "__init__.py").exists():
            continue
        yield relative.as_posix(), path


def findings():
    for name, path in product_files():
        if name == RULE:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern_name, pattern in PATTERNS.items():
                if pattern.search(line):
                    yield name, number, pattern_name, line.strip()


def is_allowed(name, pattern_name, line):
    return any(
        name == path and pattern_name == kind and fragment in line
        for path, kind, fragment in ALLOWED
    )


def test_permission_questions_are_asked_of_the_rule():
    offences = [
        f"{name}:{number}: {kind}: {line}"
        for name, number, kind, line in findings()
        if not is_allowed(name, kind, line)
    ]
    assert not offences, "Ask units/permissions.py instead:\n" + "\n".join(offences)


def test_the_search_sees_the_product_code():
    """The test above cannot pass by looking at nothing: it reads every app and
    still finds the allowed lines, and it would find a new superuser check."""
    names = {name for name, _path in product_files()}
    for app in ("news", "guidance", "campaigns", "consultation", "publishing"):
        assert f"{app}/admin.py" in names
    assert f"{RULE}" in names
    found = {(name, kind) for name, _n, kind, _line in findings()}
    for path, kind, _fragment in ALLOWED:
        assert (path, kind) in found, f"stale allow-list entry: {path} {kind}"
    assert PATTERNS["superuser check"].search("if request.user.is_superuser:")
    assert PATTERNS["office group by name"].search(
        'User.objects.filter(groups__name="Văn phòng")'
    )


def test_home_page_publishing_is_refused_unless_the_rule_says_yes(
    rf, admin_user, client, office_staff, unit_editor
):
    from publishing.admin import PublishableAdminMixin

    request = rf.get("/")
    request.user = admin_user  # even a superuser: publishing alone decides nothing
    assert PublishableAdminMixin().user_may_publish_home(request) is False
    # Through the rule: office staff (not superusers) get the home-page choices on
    # the office's own content, editors do not on theirs.
    client.force_login(office_staff)
    assert 'name="show_on_home"' in client.get("/admin/guidance/document/add/").text
    client.force_login(unit_editor)
    assert 'name="show_on_home"' not in client.get("/admin/news/article/add/").text
