"""Admin forms of the handbook: a section's place in the tree, a board's items."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from publishing.admin_fields import LocalDateField

from . import boards
from .models import Board, Section
from .services import section_move_check


class SectionAdminForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ("title", "slug", "unit", "parent", "order", "body")

    def clean(self):
        data = super().clean()
        probe = Section(
            pk=self.instance.pk,
            title=data.get("title") or self.instance.title,
            unit=data.get("unit"),
        )
        try:
            section_move_check(section=probe, parent=data.get("parent"))
        except ValidationError as error:
            self.add_error(None, error)
        return data


class BoardAdminForm(forms.ModelForm):
    """The period, then the items: the period's candidates offered as check boxes.

    The candidates are those the board's unit may carry (boards.item_allowed); a
    value that is not among them (another unit's item, forged) is refused by the
    field, and the service checks again.
    """

    items = forms.MultipleChoiceField(
        label=_("các mục trên bảng tin"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tin, sự kiện, tài liệu và câu trả lời đã đăng trong kỳ. Để trống khi tạo "
            "mới: bảng tin lấy các mục quan trọng nhất của kỳ."
        ),
    )

    class Media:
        css = {"all": ["handbook/admin-board.css"]}

    class Meta:
        model = Board
        fields = ("unit", "title", "period_start", "period_end", "status")
        field_classes = {"period_start": LocalDateField, "period_end": LocalDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit_id, start, end = self._period()
        candidates = []
        if start and end and end >= start:
            candidates = boards.board_candidates(
                unit_id=unit_id, period_start=start, period_end=end
            )
        current = list(self.instance.items.all()) if self.instance.pk else []
        # The board's items first, in their order (the order they print in), then
        # the rest of the period's.
        choices = {
            item.key: self._label(item.topic, item.published_at, item.title)
            for item in current
        }
        for item in candidates:
            choices.setdefault(
                boards.item_key(item),
                self._label(item.topic, item.published_at, item.title),
            )
        self.fields["items"].choices = list(choices.items())
        if current:
            self.fields["items"].initial = [item.key for item in current]

    @staticmethod
    def _label(topic, published_at, title) -> str:
        from django.utils import timezone

        day = timezone.localtime(published_at).strftime("%d/%m/%Y")
        return f"{boards.TOPIC_LABELS.get(topic, topic)} · {day} · {title}"

    def _period(self):
        """(unit id, start, end) from the submitted data, else from the board."""
        if self.is_bound:
            values = {}
            for name in ("unit", "period_start", "period_end"):
                field = self.fields.get(name)
                if field is None:
                    values[name] = getattr(self.instance, f"{name}_id", None)
                    continue
                try:
                    values[name] = field.clean(self[name].value())
                except ValidationError:
                    values[name] = None
            unit = values["unit"]
            return (
                getattr(unit, "pk", unit),
                values["period_start"],
                values["period_end"],
            )
        board = self.instance
        return board.unit_id, board.period_start, board.period_end

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                ValidationError(
                    _("Ngày kết thúc của kỳ phải bằng hoặc sau ngày bắt đầu."),
                    code="period_order",
                ),
            )
        if self.instance.pk and not data.get("items") and "items" not in self.errors:
            self.add_error(
                "items",
                ValidationError(
                    _("Hãy chọn ít nhất một mục cho bảng tin."), code="empty"
                ),
            )
        return data
