"""Reading a PDF the portal made, as a person would read it: its text, page by
page (pypdf), with runs of spaces and line breaks made single spaces so a test can
look for a phrase wherever reportlab broke its lines."""

import io
import re

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF"), content[:20]
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def pdf_title(content: bytes) -> str:
    return PdfReader(io.BytesIO(content)).metadata.title or ""
