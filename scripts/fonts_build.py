"""Build static/fonts/noto-serif/ from the npm package @fontsource/noto-serif (#15).

Fontsource splits Noto Serif into per-script subsets; Vietnamese needs two of them
(latin and vietnamese). Two files of one family confused WeasyPrint's text mapping
(a copied "l" read "ệ"), so each weight and style is merged into one font here.
Run once after `npm pack @fontsource/noto-serif` and unpacking it:

    .venv/bin/python scripts/fonts_build.py path/to/package
"""

import io
import shutil
import sys
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parents[1] / "static/fonts/noto-serif"


def build(package: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for weight in (400, 700):
        for style in ("normal", "italic"):
            parts = []
            for subset in ("latin", "vietnamese"):
                font = TTFont(
                    package / f"files/noto-serif-{subset}-{weight}-{style}.woff2"
                )
                font.flavor = None
                buffer = io.BytesIO()
                font.save(buffer)
                buffer.seek(0)
                parts.append(buffer)
            merged = Merger().merge(parts)
            merged.flavor = "woff2"
            merged.save(OUT / f"noto-serif-vi-{weight}-{style}.woff2")
    shutil.copy(package / "LICENSE", OUT / "OFL.txt")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
