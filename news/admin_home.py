"""The news app's box on the admin home: the "Viết bài" shortcut, for both roles."""

from django.utils.translation import gettext as _

from publishing.admin_home import Home, HomeBox, HomeLine, add_url

from .models import Article


def admin_home_news(home: Home) -> list[HomeBox]:
    if not home.may_add(Article):
        return []
    return [
        HomeBox(
            key="shortcuts",
            title=_("Lối tắt"),
            lines=[HomeLine(_("Viết bài"), url=add_url(Article))],
            order=0,
        )
    ]
