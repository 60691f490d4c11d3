"""Admin for members' questions: triage, answer, publish, merge, watch the overdue ones.

Scoped by the one permission rule on `assigned_unit`: office staff see every
question; a CĐCS editor sees only the questions assigned to their unit (an
unassigned question is the office's alone). Every save goes through services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import TextChoices
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from publishing.richtext import richtext_to_text, sanitize_html
from units import permissions
from units.admin import OfficeOnlyAdminMixin, UnitScopedAdminMixin
from units.models import Unit

from . import services
from .models import QUESTION_MAX_CHARS, Question, Topic
from .timeliness import age_in_working_days, overdue_before, overdue_working_days


class Action(TextChoices):
    """What the person pressing "Save" wants to happen to the question."""

    SAVE = "save", _("Chỉ lưu (chưa gửi trả lời)")
    ANSWER = "answer", _("Lưu và gửi câu trả lời cho người hỏi")
    PUBLISH = (
        "publish",
        _("Trả lời và đăng lên mục Hỏi đáp (hoặc cập nhật bài đã đăng)"),
    )
    UNPUBLISH = "unpublish", _("Gỡ khỏi mục Hỏi đáp")
    CLOSE = "close", _("Đóng câu hỏi (không trả lời)")


EDITOR_ACTIONS = (Action.SAVE, Action.ANSWER)


class QuestionAdminForm(forms.ModelForm):
    action = forms.ChoiceField(
        label=_("Khi lưu"), choices=Action.choices, initial=Action.SAVE
    )
    faq_title = forms.CharField(
        label=_("Tiêu đề mục hỏi đáp"),
        required=False,
        max_length=160,
        help_text=_("Để trống để dùng phần đầu câu hỏi."),
    )
    faq_question_text = forms.CharField(
        label=_("Câu hỏi (bản đăng công khai)"),
        required=False,
        max_length=QUESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Để trống để đăng nguyên văn. Hãy lược bỏ tên, số điện thoại, chi tiết "
            "nhận diện người hỏi nếu có."
        ),
    )

    class Meta:
        model = Question
        fields = ("topic", "assigned_unit", "assigned_user", "answer")

    def clean(self):
        data = super().clean()
        action = data.get("action")
        question = self.instance
        answer = data.get("answer", question.answer) or ""
        has_answer = bool(richtext_to_text(sanitize_html(answer)).strip())
        if action in (Action.ANSWER, Action.PUBLISH):
            if question.duplicate_of_id:
                raise ValidationError(
                    _("Câu hỏi trùng dùng câu trả lời của câu hỏi gốc."),
                    code="is_duplicate",
                )
            if not has_answer:
                self.add_error(
                    "answer",
                    ValidationError(
                        _("Hãy viết câu trả lời trước khi gửi."), code="answer_empty"
                    ),
                )
        if action == Action.PUBLISH and question.consent == Question.Consent.PRIVATE:
            raise ValidationError(
                _("Người hỏi không đồng ý đăng công khai câu hỏi này."),
                code="no_consent",
            )
        return data


class TimelinessFilter(admin.SimpleListFilter):
    title = _("thời hạn trả lời")
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [
            (
                "qua-han",
                _("Quá hạn (hơn %(days)d ngày làm việc)")
                % {"days": overdue_working_days()},
            ),
            ("dang-cho", _("Đang chờ trả lời")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "qua-han":
            return queryset.overdue()
        if self.value() == "dang-cho":
            return queryset.open()
        return queryset


@admin.register(Question)
class QuestionAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_field = "assigned_unit"
    form = QuestionAdminForm
    list_display = (
        "short_question",
        "topic",
        "status",
        "assigned_unit",
        "age_display",
        "created_at",
    )
    list_filter = (TimelinessFilter, "status", "topic", "assigned_unit")
    list_select_related = ("topic", "assigned_unit")
    search_fields = ("body", "asker_name", "asker_email", "asker_phone")
    date_hierarchy = "created_at"
    actions = ["merge_duplicates"]
    readonly_fields = (
        "asker_display",
        "contact_display",
        "ip_display",
        "unit",
        "consent",
        "body_display",
        "status",
        "created_at",
        "age_display",
        "answered_at",
        "answered_by",
        "duplicate_of_display",
        "topic_display",
        "assignment_display",
    )

    # -- who may do what ------------------------------------------------------------
    def has_add_permission(self, request, *args):
        return False  # questions come from members, through the public form

    def has_delete_permission(self, request, obj=None):
        # Deleting destroys a member's record: the office's decision alone.
        return permissions.is_office_staff(request.user) and self._may_edit(
            request, obj
        )

    def has_merge_permission(self, request):
        return permissions.is_office_staff(request.user)

    def may_see_personal_data(self, request, obj) -> bool:
        """The office, and editors of the unit the question is assigned to."""
        return permissions.user_can_edit(
            user=request.user, obj=obj, unit_field=self.unit_field
        )

    # -- the form -------------------------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        office = permissions.is_office_staff(request.user)
        asker = ["asker_display", "unit", "consent"]
        if self.may_see_personal_data(request, obj):
            asker.insert(1, "contact_display")
        if office:
            asker.append("ip_display")
        question = ["topic" if office else "topic_display", "body_display"]
        handling = ["status", "created_at", "age_display", "duplicate_of_display"]
        if office:
            handling[1:1] = ["assigned_unit", "assigned_user"]
        else:
            handling.insert(1, "assignment_display")
        fieldsets = [
            (_("Người hỏi"), {"fields": asker}),
            (_("Câu hỏi"), {"fields": question}),
            (_("Xử lý"), {"fields": handling}),
            (
                _("Trả lời"),
                {"fields": ["answer", "answered_at", "answered_by", "action"]},
            ),
        ]
        if office:
            fieldsets.append(
                (
                    _("Mục Hỏi đáp công khai"),
                    {"fields": ["faq_title", "faq_question_text"]},
                )
            )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change, **kwargs)
        office = permissions.is_office_staff(request.user)
        choices = [
            (value, label)
            for value, label in Action.choices
            if office or value in EDITOR_ACTIONS
        ]
        faq = getattr(obj, "faq", None) if obj is not None else None

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.fields["action"].choices = choices
                if faq is not None and "faq_title" in self.fields:
                    self.fields["faq_title"].initial = faq.title
                    self.fields["faq_question_text"].initial = faq.question_text

        return Form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_unit":
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.queryset = field.queryset.filter(is_active=True).exclude(
                kind=Unit.Kind.OFFICE
            )
            field.required = False
            return field
        if db_field.name == "assigned_user":
            kwargs["queryset"] = (
                permissions.office_staff_users()
                .filter(is_staff=True)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not permissions.user_can_edit(
            user=request.user, obj=obj, unit_field=self.unit_field
        ):
            raise PermissionDenied
        user = request.user
        data = form.cleaned_data
        action = data.get("action") or Action.SAVE
        if {"assigned_unit", "assigned_user"} & set(form.changed_data):
            services.question_assign(
                question=obj,
                unit=obj.assigned_unit,
                user=obj.assigned_user,
                actor=user,
            )
        if action == Action.ANSWER:
            services.question_answer(question=obj, actor=user)
        elif action == Action.PUBLISH:
            services.question_publish(
                question=obj,
                title=data.get("faq_title", ""),
                question_text=data.get("faq_question_text", ""),
                actor=user,
            )
        else:
            services.question_update(question=obj, actor=user)
            if action == Action.UNPUBLISH:
                services.question_unpublish(question=obj, actor=user)
            elif action == Action.CLOSE:
                services.question_close(question=obj, actor=user)

    # -- read-only displays (escaped: members' text is never trusted) ----------------
    @admin.display(description=_("câu hỏi"))
    def short_question(self, obj):
        return str(obj)

    @admin.display(description=_("người hỏi"))
    def asker_display(self, obj):
        return obj.asker_name

    @admin.display(description=_("liên hệ"))
    def contact_display(self, obj):
        return " · ".join(v for v in (obj.asker_email, obj.asker_phone) if v) or "–"

    @admin.display(description=_("địa chỉ IP"))
    def ip_display(self, obj):
        return obj.asker_ip or "–"

    @admin.display(description=_("nội dung câu hỏi"))
    def body_display(self, obj):
        # The member's words, escaped, with their paragraphs and line breaks: shown
        # as text, never as markup (linebreaks() escapes only when asked to).
        return format_html(
            '<div class="readonly question-body">{}</div>',
            mark_safe(linebreaks(obj.body, autoescape=True)),  # noqa: S308
        )

    @admin.display(description=_("chủ đề"))
    def topic_display(self, obj):
        return obj.topic

    @admin.display(description=_("giao cho"))
    def assignment_display(self, obj):
        return obj.assigned_unit or "–"

    @admin.display(description=_("trùng với"))
    def duplicate_of_display(self, obj):
        return obj.duplicate_of or "–"

    @admin.display(description=_("số ngày làm việc"))
    def age_display(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        age = age_in_working_days(obj.created_at, until=obj.answered_at)
        text = ngettext("%(n)d ngày", "%(n)d ngày", age) % {"n": age}
        if obj.is_open and obj.created_at < overdue_before():
            return format_html("<strong>{} ({})</strong>", text, _("quá hạn"))
        return text

    # -- actions --------------------------------------------------------------------
    @admin.action(
        description=_("Gộp các câu hỏi đã chọn (giữ câu trả lời sớm nhất làm gốc)"),
        permissions=["merge"],
    )
    def merge_duplicates(self, request, queryset):
        questions = list(queryset.select_related("duplicate_of"))
        try:
            canonical = services.question_merge(questions=questions, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            _("Đã gộp %(count)d câu hỏi vào câu hỏi gốc “%(question)s”.")
            % {"count": len(questions) - 1, "question": canonical},
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            overdue = self.get_queryset(request).overdue().count()
            if overdue:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d câu hỏi đã quá hạn trả lời (chọn bộ lọc “Quá hạn”).",
                        "%(count)d câu hỏi đã quá hạn trả lời (chọn bộ lọc “Quá hạn”).",
                        overdue,
                    )
                    % {"count": overdue},
                    messages.WARNING,
                )
        return super().changelist_view(request, extra_context)


@admin.register(Topic)
class TopicAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
