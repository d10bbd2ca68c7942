"""Demo data of the core app: regions, the 196 members, the 90th, 91st and 92nd sessions."""

import datetime as dt
import io

from babel import Locale
from django.core.files.base import ContentFile
from django.db import transaction

from . import services
from .data.members import HOST_NAMES_EN, MEMBER_SINCE, MEMBERS_BY_REGION, OWN_NAMES, REGIONS
from .languages import language_codes, translation_columns
from .models import AssemblySession, Country, Document, DocumentFile, Photo, Region, Room, Venue


def country_names(iso: str) -> dict[str, str]:
    """The Organisation's names of a member in four languages: CLDR, with its own usage first."""
    if iso in OWN_NAMES:
        return OWN_NAMES[iso]
    names = {code: Locale.parse(code).territories[iso] for code in language_codes()}
    for short, full in HOST_NAMES_EN.items():
        names["en"] = names["en"].replace(short, full)
    return names


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
        "introduction": {
            "en": "A century after its creation in Vienna in 1923, the Organization returns to "
            "the Austrian capital for its centenary session. More than 1,000 police leaders from "
            "over 160 member countries meet to discuss emerging crime threats, cooperation and "
            "the use of new technologies, and to adopt the budget and activities for 2024.",
            "fr": "Un siècle après sa création à Vienne en 1923, l’Organisation revient dans la "
            "capitale autrichienne pour sa session du centenaire. Plus de 1 000 chefs de police "
            "de plus de 160 pays membres s’y réunissent pour débattre des nouvelles menaces "
            "criminelles, de la coopération et de l’usage des nouvelles technologies, et pour "
            "adopter le budget et les activités de 2024.",
            "es": "Un siglo después de su creación en Viena en 1923, la Organización vuelve a la "
            "capital austriaca para su reunión del centenario. Más de 1000 jefes de policía de "
            "más de 160 países miembros se reúnen para debatir las nuevas amenazas delictivas, "
            "la cooperación y el uso de las nuevas tecnologías, y para aprobar el presupuesto y "
            "las actividades de 2024.",
            "ar": "بعد قرن على تأسيسها في فيينا عام 1923، تعود المنظمة إلى العاصمة النمساوية "
            "لعقد دورة المئوية. ويجتمع أكثر من 1000 من قادة الشرطة من أكثر من 160 بلدًا عضوًا "
            "لمناقشة التهديدات الإجرامية الناشئة والتعاون واستخدام التكنولوجيات الجديدة، "
            "ولاعتماد الميزانية والأنشطة لعام 2024.",
        },
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

PHOTOS_91 = [
    (
        {
            "en": "INTERPOL returned to Vienna to meet for its centenary",
            "fr": "INTERPOL est revenu à Vienne pour se réunir à l’occasion de son centenaire",
            "es": "INTERPOL regresó a Viena para reunirse con motivo de su centenario",
            "ar": "عاد الإنتربول إلى فيينا للاجتماع بمناسبة المئوية",
        },
        {
            "en": "Delegates in the plenary hall of the Vienna conference centre",
            "fr": "Des délégués dans la salle plénière du centre de conférences de Vienne",
            "es": "Delegados en la sala plenaria del centro de conferencias de Viena",
            "ar": "مندوبون في القاعة العامة لمركز المؤتمرات في فيينا",
        },
        (11, 61, 145),
    ),
    (
        {
            "en": "The opening ceremony of the 91st General Assembly",
            "fr": "La cérémonie d’ouverture de la 91e session de l’Assemblée générale",
            "es": "La ceremonia de apertura de la 91.ª reunión de la Asamblea General",
            "ar": "حفل افتتاح الدورة الحادية والتسعين للجمعية العامة",
        },
        {
            "en": "The stage of the opening ceremony with the flags of member countries",
            "fr": "La scène de la cérémonie d’ouverture avec les drapeaux des pays membres",
            "es": "El escenario de la ceremonia de apertura con las banderas de los países "
            "miembros",
            "ar": "منصة حفل الافتتاح وأعلام البلدان الأعضاء",
        },
        (184, 134, 11),
    ),
]


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
    """A 640×400 JPEG: a gradient in the given colour (stands in for the press photos)."""
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
        )
        if data.get("current"):
            services.session_make_current(session=session)
        stdout.write(f"Session {session.number}: {session.title_en}")

    session = AssemblySession.objects.get(number=91)
    for order, (reference, titles, kind, languages) in enumerate(DOCUMENTS_91):
        document, created = Document.objects.update_or_create(
            session=session,
            reference=reference,
            defaults={
                **translation_columns("title", titles),
                "kind": kind,
                "order": order,
                "published_on": dt.date(2023, 10, 27),
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
    stdout.write(f"Documents of the 91st session: {session.documents.count()}")

    for order, (captions, alts, colour) in enumerate(PHOTOS_91):
        if not Photo.objects.filter(session=session, caption_en=captions["en"]).exists():
            photo = Photo(
                session=session,
                order=order,
                **translation_columns("caption", captions),
                **translation_columns("alt_text", alts),
            )
            photo.image.save(f"photo-{order}.jpg", ContentFile(demo_photo(colour)), save=False)
            photo.full_clean()
            photo.save()
    stdout.write(f"Photos of the 91st session: {session.photos.count()}")
