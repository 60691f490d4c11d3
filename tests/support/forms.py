"""Read an HTML form the way a browser would submit it, so tests can post it back.

`form_data(html)` reads the page's first POST form: on an admin page that is the
change form (`<model>_form`) or the changelist form, never the logout form that Django 5's
admin pages carry first in their header. Like a browser it posts checked boxes only,
the selected options of each select (the first option of a single select when none
is selected), no disabled field, no file input, a textarea without the newline that
follows its opening tag, and an option without a value by its text.
"""

from html.parser import HTMLParser

SKIPPED_FORMS = {"logout-form"}


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.found_id: str | None = None
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._multiple = False
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def _wanted(self, attrs) -> bool:
        if self.done:
            return False
        if self.form_id is not None:
            return attrs.get("id") == self.form_id
        return (
            attrs.get("id") not in SKIPPED_FORMS
            and attrs.get("method", "get").lower() == "post"
        )

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self._wanted(attrs)
            if self.inside:
                self.found_id = attrs.get("id")
            return
        if not self.inside:
            return
        if tag == "option" and self._select:
            self._option = {"value": attrs.get("value"), "text": [], **attrs}
            return
        if "name" not in attrs or "disabled" in attrs:
            if tag == "select":
                self._select = None
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._add(attrs["name"], attrs.get("value") or default)
        elif tag == "select":
            self._select = attrs["name"]
            self._multiple = "multiple" in attrs
            self._select_values, self._first_option = [], None
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def _end_option(self):
        option, self._option = self._option, None
        value = option["value"]
        if value is None:
            value = " ".join("".join(option["text"]).split())
        if "disabled" in option:
            return
        if self._first_option is None:
            self._first_option = value
        if "selected" in option:
            self._select_values.append(value)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select" and self._select:
            if self._option is not None:
                self._end_option()
            values = self._select_values
            if not values and not self._multiple and self._first_option is not None:
                values = [self._first_option]
            for value in values if self._multiple else values[-1:]:
                self._add(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # HTML drops one newline right after <textarea>; Django writes one.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._add(self._textarea, text)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)
        elif self._option is not None:
            self._option["text"].append(data)


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields a browser would post from the form with `form_id`, or from the
    page's first POST form that is not the admin's logout form."""
    parser = _FormParser(form_id)
    parser.feed(html)
    if parser.found_id is None and not parser.data and form_id is not None:
        raise AssertionError(f"no <form id={form_id!r}> on the page")
    return parser.data


def form_id_of(html: str) -> str | None:
    """The id of the form that form_data(html) reads."""
    parser = _FormParser(None)
    parser.feed(html)
    return parser.found_id


class _OptionParser(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name, self.inside, self.values = name, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == self.name
        elif tag == "option" and self.inside and "disabled" not in attrs:
            self.values.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False


def select_options(html: str, name: str) -> list[str]:
    """The values a person can choose in the page's <select name=...>."""
    parser = _OptionParser(name)
    parser.feed(html)
    return [value for value in parser.values if value]
