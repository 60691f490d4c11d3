"""Media files by path: only what the public site links to, whatever DEBUG says (#12).

In production media lives on S3-compatible storage and the site hands out URLs only
for images (ImageField uploads, their renditions, CKEditor's inline images); every
document (guidance attachments, CĐCS reports, annual plans) is served by a view that
checks who asks (publishing.documents.serving.document_file_response). With DEBUG on, Django
used to serve every file under MEDIA_ROOT to anyone with its path. `media_file` is
what serves /media/ in development instead, with the production rule:

- the path lies in the folder of an image field (its `upload_to` up to the first
  strftime directive) or in the editor-image folder, and
- it names an image by its extension (what image_normalize writes).

Anything else answers 404, as a private file does in production. The folders are
read from the model registry, so a new ImageField is served and a DocumentField
never is, without a list to keep up to date.
"""

import posixpath
from functools import cache

from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

from .fields import ImageField
from .images import EXTENSIONS
from .services import EDITOR_IMAGE_DIR

IMAGE_EXTENSIONS = frozenset({*EXTENSIONS.values(), "jpeg"})


@cache
def public_media_folders() -> tuple[str, ...]:
    """Folders under MEDIA_ROOT whose images the public site links to."""
    folders = {f"{EDITOR_IMAGE_DIR}/"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ImageField) and isinstance(field.upload_to, str):
                folder = field.upload_to.split("%", 1)[0]
                if folder and folder.endswith("/"):
                    folders.add(folder)
    return tuple(sorted(folders))


def media_is_public(path: str) -> bool:
    """May the file stored at `path` be served to anyone who knows the path?"""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return False
    if posixpath.normpath(path) != path:  # "..", "./", "//"
        return False
    extension = posixpath.splitext(path)[1].lstrip(".").lower()
    if extension not in IMAGE_EXTENSIONS:
        return False
    return path.startswith(public_media_folders())


@require_safe
def media_file(request, path: str):
    """/media/<path> in development: a public image, or 404 (see the module's doc)."""
    if not media_is_public(path):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=3600"
    return response
