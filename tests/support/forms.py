"""Read an HTML form the way a browser would submit it, so tests can forge fields."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(
                attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")
            )
        elif tag == "select":
            self._select, self._select_values, self._first_option = (
                attrs["name"],
                [],
                None,
            )
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._first_option = (
                value if self._first_option is None else self._first_option
            )
            if "selected" in attrs:
                self._select_values.append(value)
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            values = self._select_values or (
                [self._first_option] if self._first_option is not None else []
            )
            for value in values:
                self._add(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields a browser would post from the form (by id, or the first forms)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return parser.data
