"""Forms of the guidance app: public filters, admin forms, the matrix filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from publishing.admin import PublishableAdminForm
from publishing.search import MAX_QUERY_CHARS

from .models import Attachment, Distribution, Document, DocumentType, ReportFile
from .selectors import DocumentFilters


class DocumentFilterForm(forms.Form):
    """The public list's filters; a bad value is ignored, never an error page."""

    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=MAX_QUERY_CHARS)
    loai = forms.CharField(label=_("Loại văn bản"), required=False, max_length=8)
    nam = forms.IntegerField(
        label=_("Năm"), required=False, min_value=1945, max_value=2999
    )
    co_quan = forms.CharField(
        label=_("Cơ quan ban hành"), required=False, max_length=160
    )
    dot = forms.SlugField(label=_("Ngày kỷ niệm"), required=False, max_length=80)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            if len(data.get("q", "")) > MAX_QUERY_CHARS:
                data["q"] = data["q"][:MAX_QUERY_CHARS]
        super().__init__(data, **kwargs)

    def filters(self) -> DocumentFilters:
        if not self.is_bound:
            return DocumentFilters()
        self.is_valid()
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors
        }
        return DocumentFilters(
            type=data.get("loai") or "",
            year=data.get("nam"),
            issuer=data.get("co_quan") or "",
            key_date=data.get("dot") or "",
            query=(data.get("q") or "").strip(),
        )


class DocumentAdminForm(PublishableAdminForm):
    class Meta:
        model = Document
        fields = "__all__"

    def clean_based_on(self):
        based_on = self.cleaned_data.get("based_on")
        if (
            based_on is not None
            and self.instance.pk
            and based_on.filter(pk=self.instance.pk).exists()
        ):
            raise ValidationError(
                _("Một văn bản không thể căn cứ vào chính nó."), code="based_on_self"
            )
        return based_on


class UploadNameMixin:
    """Remember the user's file name of a new upload (kept for downloads)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "document_kind"):
            self.upload_name = upload.name
        return upload


class AttachmentInlineForm(UploadNameMixin, forms.ModelForm):
    upload_name = None

    class Meta:
        model = Attachment
        fields = ("title", "file", "order")


class ReportFileInlineForm(UploadNameMixin, forms.ModelForm):
    upload_name = None

    class Meta:
        model = ReportFile
        fields = ("file",)


class DistributionAdminForm(forms.ModelForm):
    """A unit's row: its report; the unit and document cannot move once created."""

    class Meta:
        model = Distribution
        fields = ("document", "unit", "report_text", "report_url")
        widgets = {"report_text": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            for name in ("document", "unit"):
                value = data.get(name)
                if value is not None and value.pk != getattr(
                    self.instance, f"{name}_id"
                ):
                    self.add_error(
                        name,
                        ValidationError(
                            _(
                                "Không thể chuyển tài liệu đã gửi sang đơn vị hoặc văn bản khác."
                            ),
                            code="distribution_fixed",
                        ),
                    )
        return data


class MatrixFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Năm"), required=False, coerce=int, empty_value=None
    )
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.all(), required=False
    )
    document = forms.IntegerField(
        label=_("Tài liệu (mã số)"), required=False, min_value=1
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, y) for y in years]
        self.fields["document_type"].empty_label = _("Tất cả")
