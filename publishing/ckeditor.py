"""CKEditor 5 configuration for settings.CKEDITOR_5_CONFIGS; the sanitiser stays the judge.

The toolbar offers only what `publishing.richtext.sanitize_html` keeps, so editors do
not see formatting vanish on save. Imported by settings: no models, no app code.
"""

from django.utils.translation import gettext_lazy as _

CKEDITOR_5_CONFIGS = {
    "default": {
        # django-ckeditor-5 ships dist/translations/vi.js; the widget loads it.
        "language": "vi",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertTable",
                "imageUpload",
                "mediaEmbed",
                "|",
                "removeFormat",
                "undo",
                "redo",
            ],  # fmt: skip
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {
                    "model": "paragraph",
                    "title": _("Đoạn văn"),
                    "class": "ck-heading_paragraph",
                },
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": _("Tiêu đề cấp 2"),
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": _("Tiêu đề cấp 3"),
                    "class": "ck-heading_heading3",
                },
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": _("Tiêu đề cấp 4"),
                    "class": "ck-heading_heading4",
                },
            ]
        },
        "link": {
            "addTargetToExternalLinks": True,  # target=_blank, which the sanitiser keeps
            "defaultProtocol": "https://",
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
                "imageStyle:alignCenter",
                "imageStyle:side",
            ],  # fmt: skip
            "styles": ["block", "side", "alignLeft", "alignRight", "alignCenter"],
        },
        "table": {
            "contentToolbar": [
                "tableColumn",
                "tableRow",
                "mergeTableCells",
                "toggleTableCaption",
            ],  # fmt: skip
        },
        "mediaEmbed": {
            # Stored as <oembed url>; sanitize_html turns YouTube into a
            # youtube-nocookie iframe and drops every other provider.
            "previewsInData": False,
            "removeProviders": [
                "dailymotion",
                "spotify",
                "vimeo",
                "instagram",
                "twitter",
                "googleMaps",
                "flickr",
                "facebook",
            ],  # fmt: skip
        },
    },
}
