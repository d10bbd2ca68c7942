"""Demo data of the core app: regions, the 196 members, the 90th, 91st and 92nd sessions."""

import datetime as dt
import io

from babel import Locale
from django.core.files.base import ContentFile
from django.db import transaction

from . import services
from .data.members import HOST_NAMES_EN, MEMBER_SINCE, MEMBERS_BY_REGION, OWN_NAMES, REGIONS
from .demo_files import demo_data
from .languages import language_codes, translation_columns
from .models import AssemblySession, Country, Document, DocumentFile, Region, Room, Venue


def country_names(iso: str) -> dict[str, str]:
    """The Organisation's names of a member in four languages: CLDR, with its own usage first."""
    if iso in OWN_NAMES:
        return OWN_NAMES[iso]
    names = {code: Locale.parse(code).territories[iso] for code in language_codes()}
    for short, full in HOST_NAMES_EN.items():
        names["en"] = names["en"].replace(short, full)
    return names


# The public page of the 91st session (docs/seed/) in four languages, with its gallery.
PAGE_91 = demo_data("assembly", "session_91_page")
PAGE_91_TEXTS = {
    field: texts for field, texts in PAGE_91["page"].items() if field != "introduction"
}

SESSIONS = [
    {
        "number": 90,
        "status": AssemblySession.Status.CLOSED,
        "host": "IN",
        "start": dt.date(2022, 10, 18),
        "end": dt.date(2022, 10, 21),
        "time_zone": "Asia/Kolkata",
        "title": {
            "en": "90th General Assembly",
            "fr": "90e session de l’Assemblée générale",
            "es": "90.ª reunión de la Asamblea General",
            "ar": "الدورة التسعون للجمعية العامة",
        },
        "city": {"en": "New Delhi", "fr": "New Delhi", "es": "Nueva Delhi", "ar": "نيودلهي"},
        "introduction": {
            "en": "The 90th session of the General Assembly met in New Delhi, India, from 18 to "
            "21 October 2022, marking 75 years of India's membership of the Organization.",
            "fr": "La 90e session de l’Assemblée générale s’est tenue à New Delhi (Inde) du 18 au "
            "21 octobre 2022, à l’occasion des 75 ans d’adhésion de l’Inde à l’Organisation.",
            "es": "La 90.ª reunión de la Asamblea General se celebró en Nueva Delhi (India) del "
            "18 al 21 de octubre de 2022, con motivo de los 75 años de la India en la "
            "Organización.",
            "ar": "عُقدت الدورة التسعون للجمعية العامة في نيودلهي بالهند من 18 إلى 21 تشرين "
            "الأول/أكتوبر 2022، احتفاءً بمرور 75 عامًا على انضمام الهند إلى المنظمة.",
        },
        "page": {
            "feature_heading": {
                "en": "Demonstration data",
                "fr": "Données de démonstration",
                "es": "Datos de demostración",
                "ar": "بيانات تجريبية",
            },
            "feature_text": {
                "en": "The programme, documents and resolutions shown for this session were "
                "made up to demonstrate the platform's archive: they are not the official "
                "record of the 90th session.",
                "fr": "Le programme, les documents et les résolutions présentés pour cette "
                "session ont été conçus pour la démonstration des archives de la plateforme : "
                "ils ne constituent pas le compte rendu officiel de la 90e session.",
                "es": "El programa, los documentos y las resoluciones que se muestran para esta "
                "reunión se han elaborado para demostrar el archivo de la plataforma: no "
                "constituyen el registro oficial de la 90.ª reunión.",
                "ar": "أُعدّ البرنامج والوثائق والقرارات المعروضة لهذه الدورة لأغراض العرض "
                "التوضيحي لأرشيف المنصة، وهي ليست السجل الرسمي للدورة التسعين.",
            },
        },
    },
    {
        "number": 91,
        "status": AssemblySession.Status.OPEN,
        "host": "AT",
        "start": dt.date(2023, 11, 28),
        "end": dt.date(2023, 12, 1),
        "time_zone": "Europe/Vienna",
        "current": True,
        "title": {
            "en": "91st General Assembly",
            "fr": "91e session de l’Assemblée générale",
            "es": "91.ª reunión de la Asamblea General",
            "ar": "الدورة الحادية والتسعون للجمعية العامة",
        },
        "city": {"en": "Vienna", "fr": "Vienne", "es": "Viena", "ar": "فيينا"},
        "introduction": PAGE_91["page"]["introduction"],
        "page": PAGE_91_TEXTS,
    },
    {
        "number": 92,
        "status": AssemblySession.Status.PLANNED,
        "host": "GB",
        "start": dt.date(2024, 11, 4),
        "end": dt.date(2024, 11, 7),
        "time_zone": "Europe/London",
        "title": {
            "en": "92nd General Assembly",
            "fr": "92e session de l’Assemblée générale",
            "es": "92.ª reunión de la Asamblea General",
            "ar": "الدورة الثانية والتسعون للجمعية العامة",
        },
        "city": {"en": "Glasgow", "fr": "Glasgow", "es": "Glasgow", "ar": "غلاسكو"},
        "introduction": {
            "en": "The 92nd session of the General Assembly will meet in Glasgow, United "
            "Kingdom, from 4 to 7 November 2024.",
            "fr": "La 92e session de l’Assemblée générale se tiendra à Glasgow (Royaume-Uni) du "
            "4 au 7 novembre 2024.",
            "es": "La 92.ª reunión de la Asamblea General se celebrará en Glasgow (Reino Unido) "
            "del 4 al 7 de noviembre de 2024.",
            "ar": "ستُعقد الدورة الثانية والتسعون للجمعية العامة في غلاسكو بالمملكة المتحدة من 4 "
            "إلى 7 تشرين الثاني/نوفمبر 2024.",
        },
    },
]

VIENNA_ROOMS = [
    ("Hall A", "القاعة أ", "Salle A", "Sala A", 1400),
    ("Hall B", "القاعة ب", "Salle B", "Sala B", 600),
    ("Strauss Room", "قاعة شتراوس", "Salle Strauss", "Sala Strauss", 250),
    ("Mozart Room", "قاعة موتسارت", "Salle Mozart", "Sala Mozart", 120),
    ("Press Centre", "المركز الصحفي", "Centre de presse", "Centro de prensa", 80),
]

DOCUMENTS_91 = [
    (
        "GA-2023-91-REP-01",
        {
            "en": "Report on the activities of the Organization in 2023",
            "fr": "Rapport sur les activités de l’Organisation en 2023",
            "es": "Informe sobre las actividades de la Organización en 2023",
            "ar": "تقرير عن أنشطة المنظمة في عام 2023",
        },
        Document.Kind.REPORT,
        language_codes(),
    ),
    (
        "GA-2023-91-AGN-01",
        {
            "en": "Provisional agenda of the 91st session",
            "fr": "Ordre du jour provisoire de la 91e session",
            "es": "Orden del día provisional de la 91.ª reunión",
            "ar": "جدول الأعمال المؤقت للدورة الحادية والتسعين",
        },
        Document.Kind.AGENDA,
        language_codes(),
    ),
    (
        "GA-2023-91-INF-01",
        {
            "en": "Practical information for delegates",
            "fr": "Informations pratiques à l’intention des délégués",
            "es": "Información práctica para los delegados",
            "ar": "معلومات عملية للمندوبين",
        },
        Document.Kind.INFORMATION,
        ("en", "fr"),  # the Spanish and Arabic versions are still awaited
    ),
]

DOCUMENTS_90 = [
    (
        "GA-2022-90-REP-01",
        {
            "en": "Report on the activities of the Organization in 2022 (demo)",
            "fr": "Rapport sur les activités de l’Organisation en 2022 (démonstration)",
            "es": "Informe sobre las actividades de la Organización en 2022 (demostración)",
            "ar": "تقرير عن أنشطة المنظمة في عام 2022 (بيانات تجريبية)",
        },
        Document.Kind.REPORT,
        language_codes(),
    ),
    (
        "GA-2022-90-AGN-01",
        {
            "en": "Agenda of the 90th session (demo)",
            "fr": "Ordre du jour de la 90e session (démonstration)",
            "es": "Orden del día de la 90.ª reunión (demostración)",
            "ar": "جدول أعمال الدورة التسعين (بيانات تجريبية)",
        },
        Document.Kind.AGENDA,
        language_codes(),
    ),
]


def _documents(session, documents, published_on) -> None:
    for order, (reference, titles, kind, languages) in enumerate(documents):
        document, _created = Document.objects.update_or_create(
            session=session,
            reference=reference,
            defaults={
                **translation_columns("title", titles),
                "kind": kind,
                "order": order,
                "published_on": published_on,
            },
        )
        for language in languages:
            if not DocumentFile.objects.filter(document=document, language=language).exists():
                services.document_file_attach(
                    document=document,
                    language=language,
                    content=ContentFile(
                        minimal_pdf(f"{reference} ({language})"), name=f"{reference}.pdf"
                    ),
                )


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF with one line of ASCII text (demo document files)."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def demo_photo(colour: tuple[int, int, int]) -> bytes:
    """A 640×400 JPEG: a gradient in the given colour (an uploaded photo, for the tests)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), colour)
    draw = ImageDraw.Draw(image)
    for y in range(400):
        shade = tuple(min(255, int(c + (255 - c) * y / 800)) for c in colour)
        draw.line([(0, y), (640, y)], fill=shade)
    draw.ellipse([250, 120, 390, 260], outline=(255, 255, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@transaction.atomic
def seed(*, stdout) -> None:
    for code, order, names in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"order": order, **translation_columns("name", names)}
        )
    regions = {region.code: region for region in Region.objects.all()}
    stdout.write(f"Regions: {len(regions)}")

    existing = set(Country.objects.values_list("iso_code", flat=True))
    for region_code, codes in MEMBERS_BY_REGION.items():
        for iso in codes.split():
            services.country_upsert(
                iso_code=iso,
                names=country_names(iso),
                region=regions[region_code],
                member_since=MEMBER_SINCE.get(iso),
            )
    created = Country.objects.exclude(iso_code__in=existing).count()
    stdout.write(f"Member countries: {Country.objects.members().count()} ({created} new)")

    austria = Country.objects.get(iso_code="AT")
    venue, _ = Venue.objects.update_or_create(
        name_en="Austria Center Vienna",
        defaults={
            **translation_columns(
                "name",
                {
                    "en": "Austria Center Vienna",
                    "fr": "Austria Center Vienna",
                    "es": "Austria Center Vienna",
                    "ar": "مركز النمسا فيينا",
                },
            ),
            **translation_columns(
                "city", {"en": "Vienna", "fr": "Vienne", "es": "Viena", "ar": "فيينا"}
            ),
            "country": austria,
            "address": "Bruno-Kreisky-Platz 1, 1220 Wien",
        },
    )
    for order, (en, ar, fr, es, capacity) in enumerate(VIENNA_ROOMS):
        Room.objects.update_or_create(
            venue=venue,
            name_en=en,
            defaults={
                **translation_columns("name", {"en": en, "fr": fr, "es": es, "ar": ar}),
                "capacity": capacity,
                "order": order,
            },
        )
    stdout.write(f"Venue: {venue.name_en} with {venue.rooms.count()} rooms")

    for data in SESSIONS:
        session = services.session_upsert(
            number=data["number"],
            titles=data["title"],
            introductions=data["introduction"],
            cities=data["city"],
            host_country=Country.objects.get(iso_code=data["host"]),
            venue=venue if data["number"] == 91 else None,
            start_date=data["start"],
            end_date=data["end"],
            time_zone=data["time_zone"],
            status=data["status"],
            page=data.get("page"),
        )
        if data.get("current"):
            services.session_make_current(session=session)
        stdout.write(f"Session {session.number}: {session.title_en}")

    session = AssemblySession.objects.get(number=91)
    _documents(session, DOCUMENTS_91, dt.date(2023, 10, 27))
    delhi = AssemblySession.objects.get(number=90)
    _documents(delhi, DOCUMENTS_90, dt.date(2022, 9, 16))
    stdout.write(f"Documents of the 90th session: {delhi.documents.count()}")
    stdout.write(f"Documents of the 91st session: {session.documents.count()}")

    for order, picture in enumerate(PAGE_91["gallery"]):
        services.photo_upsert(
            session=session,
            order=order,
            captions=picture["caption"],
            alt_texts=picture["alt_text"],
            illustration=picture["illustration"],
            width=picture["width"],
            height=picture["height"],
        )
    stdout.write(f"Photos of the 91st session: {session.photos.count()}")
