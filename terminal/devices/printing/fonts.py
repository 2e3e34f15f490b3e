"""Find a CJK font on this machine for the PDF receipts, text-as-image printing and the
virtual printer's pictures. TrueType outlines first: reportlab cannot embed the
PostScript-flavoured OpenType of Noto CJK, Pillow can use either."""

import os
from functools import lru_cache
from pathlib import Path

# (path, subfont index). WenQuanYi Micro Hei Mono (index 1) has half-width Latin and
# full-width Chinese, so it lines up exactly like a thermal printer's font.
TRUETYPE_CJK = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
)
OTHER_CJK = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2: SC
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
)
ENV = "POS_CJK_FONT"  # a store may point this at any TTF/TTC


@lru_cache(maxsize=1)
def truetype_cjk() -> tuple[Path, int] | None:
    """A CJK font with TrueType outlines (embeddable in a PDF), or None."""
    override = os.environ.get(ENV)
    candidates = ((override, 0),) if override else ()
    for path, index in candidates + TRUETYPE_CJK:
        if path and Path(path).is_file():
            return Path(path), index
    return None


@lru_cache(maxsize=1)
def any_cjk() -> tuple[Path, int] | None:
    """Any CJK font Pillow can draw with, or None."""
    found = truetype_cjk()
    if found:
        return found
    for path, index in OTHER_CJK:
        if Path(path).is_file():
            return Path(path), index
    return None
