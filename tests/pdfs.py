"""Reading a PDF the portal made, as a person would read it: its text, page by
page (pypdf), with runs of spaces and line breaks made single spaces so a test can
look for a phrase wherever reportlab broke its lines."""

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image
from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF"), content[:20]
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def pdf_title(content: bytes) -> str:
    return PdfReader(io.BytesIO(content)).metadata.title or ""


# Page 1 of each PDF kind a test renders is kept here as PNG, for a person to look at.
LOOK_DIR = Path(settings.BASE_DIR) / "var" / "test-pdfs"


def first_page_png(content: bytes, name: str, *, dpi: int = 100) -> Image.Image:
    """Page 1 rendered as a reader's screen shows it (pdfium), saved as
    `var/test-pdfs/<name>.png`; a test asserts on the picture (ink where the
    letterhead and the body are), not only on the text."""
    document = pdfium.PdfDocument(content)
    image = document[0].render(scale=dpi / 72).to_pil()
    document.close()
    LOOK_DIR.mkdir(parents=True, exist_ok=True)
    image.save(LOOK_DIR / f"{name}.png")
    return image.convert("L")


def inked(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """The share of dark pixels in a part of the page given as fractions of its
    width and height (left, top, right, bottom)."""
    width, height = image.size
    left, top, right, bottom = box
    part = image.crop(
        (int(left * width), int(top * height), int(right * width), int(bottom * height))
    )
    histogram = part.histogram()  # 256 grey levels
    return sum(histogram[:128]) / max(sum(histogram), 1)
