"""Every public page type in Arabic, as a native reader reads it (issue 13).

The pages are those of tests/e2e/pages.py, fetched with Django's test client over the whole demo:
no time with seconds, no list joined with a Latin comma, no Latin letters outside an explicit
allow-list (codes, "QR", file formats, language names in the switcher), and speakers' names in
Arabic script. What people wrote themselves (a delegate's name in Latin letters beside its Arabic
form, their function and agency) is shown as written, marked translate="no".
"""

import html
import re

import pytest

from tests.e2e.pages import PAGES
from tests.e2e.users import make_user

ARABIC_PAGES = [page for page in PAGES if page.status == 200]

# Latin words a page may show in Arabic: the switcher's language names (each in its own
# language), file formats and exports, codes (document symbols, resolution numbers, the Rules
# of Procedure "RP", the WCAG level "AA"), addresses, and the acronyms observer organisations
# are known by. People's names written only in Latin letters are marked translate="no" by the
# page, and skipped.
LATIN_ALLOWED = re.compile(
    r"^(English|français|español|PDF|JSON|iCalendar|\.?ics|schedule\.json|schedule\.xml"
    r"|GA-\d{4}-\d+-[A-Z]+-\d+[A-Z]?|[\w.+-]+@[\w.-]+|https?://\S+|RP"
    r"|AA|AFRIPOL|UNODC|Europol|QR|CSV|JPEG|PNG|WebP)$"
)
DIGIT = "[0-9\u0660-\u0669]"
TIME_WITH_SECONDS = re.compile(rf"{DIGIT}{{1,2}}:{DIGIT}{{2}}:{DIGIT}{{2}}")
ARABIC_LETTER = "[\u0621-\u064a]"
LATIN_COMMA_IN_ARABIC = re.compile(rf"{ARABIC_LETTER}[)\s]*,\s*{ARABIC_LETTER}")


def visible_text(page: str) -> str:
    """What a reader sees or hears: text (not inert <template> content), plus alt, title and
    aria-label attributes."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    attributes = " ".join(re.findall(r'\b(?:alt|aria-label|title)="([^"]*)"', page))
    text = re.sub(r"<[^>]+>", " ", page) + " " + attributes
    return re.sub(r"\s+", " ", html.unescape(text))


def without_untranslatable(page: str) -> str:
    """The page without elements marked translate="no" (a person's name as written)."""
    return re.sub(r'<(bdi|span)\b[^>]*\btranslate="no"[^>]*>.*?</\1>', " ", page, flags=re.S)


def latin_words(text: str) -> list[str]:
    words = []
    # What the visitor typed comes back between guillemets (a filter value): not the page's.
    text = re.sub(r"«[^»]*»", " ", text)
    for token in text.split():
        token = token.strip("()[]«»،؛:.,\u200e\u200f")
        if re.search(r"[A-Za-z]", token) and not LATIN_ALLOWED.match(token):
            words.append(token)
    return words


@pytest.mark.parametrize("checked", ARABIC_PAGES, ids=[page.name for page in ARABIC_PAGES])
def test_arabic_page_reads_as_arabic(full_demo, client, core_demo, checked):
    if checked.user:
        client.force_login(make_user(checked.user))
    response = client.get(f"/ar{checked.path}")
    if response.status_code == 302:
        pytest.skip(f"{checked.path} sends this visitor on to {response.url}")
    assert response.status_code == 200
    page = response.content.decode()
    text = visible_text(page)
    assert not TIME_WITH_SECONDS.findall(text), f"a time with seconds on {checked.path}"
    assert not LATIN_COMMA_IN_ARABIC.findall(text), (
        f"a Latin comma between Arabic words on {checked.path}: "
        f"{LATIN_COMMA_IN_ARABIC.findall(text)[:3]}"
    )
    latin = latin_words(visible_text(without_untranslatable(page)))
    assert latin == [], f"Latin letters on the Arabic page {checked.path}"


def test_arabic_slot_page_in_arabic_words(full_demo, client, core_demo):
    """Officials in Arabic script, the zone named once in Arabic, the interpretation languages
    joined by «و», the duration in words and Arabic-Indic digits."""
    text = visible_text(client.get("/ar/agenda/items/opening-ceremony/").content.decode())
    assert "أحمد ناصر الريسي" in text
    assert "كارل نيهامر" in text
    assert "فرانز روف" in text
    assert text.count("توقيت وسط أوروبا") == 1
    assert "Europe/Vienna" not in text
    assert "العربية والإنكليزية والفرنسية والإسبانية" in text
    assert "٢٨ نوفمبر ٢٠٢٣، ٩:٣٠–١٠:٣٠ ص" in text
    assert "ساعة" in text and " h " not in text


def test_demo_speakers_marked_in_arabic(full_demo, client, core_demo):
    text = visible_text(client.get("/ar/agenda/speakers/").content.decode())
    assert "(تجريبي)" in text
    assert "(demo)" not in text
    french = visible_text(client.get("/fr/agenda/speakers/").content.decode())
    assert "(démo)" in french


def test_programme_pdf_numbers_its_pages_in_arabic_words(full_demo, client, core_demo):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get("/ar/agenda/programme.pdf")
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    total = len(reader.pages)
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    last = reader.pages[-1].extract_text()
    assert f"الصفحة {str(total).translate(digits)} من {str(total).translate(digits)}" in last
    english = PdfReader(BytesIO(client.get("/en/agenda/programme.pdf").content))
    assert f"Page 1 of {len(english.pages)}" in english.pages[0].extract_text()
