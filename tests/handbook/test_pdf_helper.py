"""publishing.pdf: our fonts embedded, our files read, nothing else fetched."""

import io

import pytest
from pypdf import PdfReader

from publishing import pdf


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> whether the font program is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def test_vietnamese_text_is_copied_out_with_its_diacritics_in_the_shipped_font():
    html = (
        '<link rel="stylesheet" href="/static/fonts/noto-serif/fonts.css">'
        "<style>body { font-family: 'Noto Serif' }</style>"
        "<p>Công đoàn bảo vệ quyền lợi người lao động; <b>Đoàn kết</b></p>"
    )
    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(html)))
    text = reader.pages[0].extract_text()
    assert "Công đoàn" in text and "người lao động" in text and "Đoàn kết" in text
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all("Noto-Serif" in name for name in fonts), fonts


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.css",
        "file:///etc/passwd",
        "http://pdf.invalid/etc/passwd",
        "http://pdf.invalid/static/../../settings.py",
        "http://pdf.invalid/media/documents/abc/secret.pdf",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_and_media_images(url):
    with pytest.raises(pdf.ResourceRefused):
        pdf.resource_open(url)


def test_the_fetcher_reads_a_shipped_font():
    file, content_type = pdf.resource_open(
        "http://pdf.invalid/static/fonts/noto-serif/noto-serif-vi-400-normal.woff2"
    )
    assert content_type == "font/woff2" and file.read(4) == b"wOF2"


def test_a_remote_image_is_left_out_and_the_pdf_is_still_made(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF helper touched the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = '<p>Ảnh</p><img src="http://198.51.100.7/track.png">'
    assert pdf.html_to_pdf(html).startswith(b"%PDF")
