"""Demo data of the agenda: the 91st session's four days in Vienna, its themes, speakers and agenda.

Speakers are fictitious and say so, except the officials named in the public record of the
session (the Federal Chancellor of Austria, the Director General for Public Security and the
President of the Organization).
"""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils.text import slugify

from assembly.languages import language_codes
from assembly.models import AssemblySession, Country, Document, Room

from . import services
from .models import AgendaItem, FloorRequest, ProgrammeSlot

VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")

THEMES = [
    (
        "century-of-cooperation",
        "#0b3d91",
        {
            "en": "Member country activities to promote a century of learning, collaboration "
            "and innovation",
            "fr": "Activités des pays membres pour promouvoir un siècle d’apprentissage, de "
            "collaboration et d’innovation",
            "es": "Actividades de los países miembros para promover un siglo de aprendizaje, "
            "colaboración e innovación",
            "ar": "أنشطة البلدان الأعضاء لتعزيز قرن من التعلم والتعاون والابتكار",
        },
    ),
    (
        "emerging-trends",
        "#1d6b3a",
        {
            "en": "Emerging trends, operational impact and preparedness for the future",
            "fr": "Tendances émergentes, incidences opérationnelles et préparation à l’avenir",
            "es": "Tendencias emergentes, repercusiones operativas y preparación para el futuro",
            "ar": "الاتجاهات الناشئة والأثر العملياتي والاستعداد للمستقبل",
        },
    ),
    (
        "emerging-technologies",
        "#6a1b9a",
        {
            "en": "Police cooperation and the use of emerging technologies by law enforcement",
            "fr": "La coopération policière et l’utilisation des technologies émergentes par les "
            "services chargés de l’application de la loi",
            "es": "La cooperación policial y el uso de las tecnologías emergentes por los "
            "organismos encargados de hacer cumplir la ley",
            "ar": "التعاون الشرطي واستخدام أجهزة إنفاذ القانون للتكنولوجيات الناشئة",
        },
    ),
    (
        "global-crime-threats",
        "#a00000",
        {
            "en": "Critical global crime threats: transnational organized crime, environmental "
            "crime, preventing the circulation of child sexual abuse material",
            "fr": "Menaces criminelles mondiales majeures : criminalité organisée transnationale, "
            "criminalité environnementale, prévention de la circulation de contenus "
            "pédocriminels",
            "es": "Amenazas delictivas mundiales críticas: delincuencia organizada transnacional, "
            "delitos contra el medio ambiente y prevención de la circulación de material de "
            "abuso sexual infantil",
            "ar": "التهديدات الإجرامية العالمية الحرجة: الجريمة المنظمة العابرة للحدود الوطنية "
            "والجريمة البيئية ومنع تداول مواد الاعتداء الجنسي على الأطفال",
        },
    ),
    (
        "regional-dialogue",
        "#b8860b",
        {
            "en": "A global dialogue among regional policing organizations",
            "fr": "Un dialogue mondial entre les organisations policières régionales",
            "es": "Un diálogo mundial entre las organizaciones policiales regionales",
            "ar": "حوار عالمي بين منظمات الشرطة الإقليمية",
        },
    ),
    (
        "data-governance",
        "#00695c",
        {
            "en": "Strengthening frameworks for cooperation: governance and rules on the "
            "processing of data",
            "fr": "Renforcer les cadres de coopération : gouvernance et règles sur le traitement "
            "des données",
            "es": "Fortalecer los marcos de cooperación: gobernanza y normas sobre el "
            "tratamiento de datos",
            "ar": "تعزيز أطر التعاون: الحوكمة والقواعد المتعلقة بمعالجة البيانات",
        },
    ),
    (
        "budget-2024",
        "#37474f",
        {
            "en": "Approving the budget and activities for 2024",
            "fr": "Approbation du budget et des activités pour 2024",
            "es": "Aprobación del presupuesto y las actividades para 2024",
            "ar": "اعتماد الميزانية والأنشطة لعام 2024",
        },
    ),
    (
        "partnerships",
        "#0277bd",
        {
            "en": "Operational and strategic partnerships with governmental, non-governmental "
            "and UN partners",
            "fr": "Partenariats opérationnels et stratégiques avec les partenaires "
            "gouvernementaux, non gouvernementaux et des Nations Unies",
            "es": "Alianzas operativas y estratégicas con asociados gubernamentales, no "
            "gubernamentales y de las Naciones Unidas",
            "ar": "الشراكات العملياتية والاستراتيجية مع الشركاء الحكوميين وغير الحكوميين وشركاء "
            "الأمم المتحدة",
        },
    ),
    (
        "next-generation",
        "#ad1457",
        {
            "en": "The next generation: recruiting and retaining talent and diversity at the "
            "General Secretariat",
            "fr": "La prochaine génération : recruter et fidéliser les talents et favoriser la "
            "diversité au Secrétariat général",
            "es": "La próxima generación: contratar y retener el talento y la diversidad en la "
            "Secretaría General",
            "ar": "الجيل القادم: استقطاب المواهب والاحتفاظ بها وتعزيز التنوع في الأمانة العامة",
        },
    ),
]

OFFICIALS = [
    (
        "karl-nehammer",
        "Karl Nehammer",
        "AT",
        {
            "en": "Federal Chancellor of Austria",
            "fr": "Chancelier fédéral d’Autriche",
            "es": "Canciller Federal de Austria",
            "ar": "المستشار الاتحادي للنمسا",
        },
        {
            "en": "Republic of Austria",
            "fr": "République d’Autriche",
            "es": "República de Austria",
            "ar": "جمهورية النمسا",
        },
        {
            "en": "Opened the centenary session of the General Assembly in Vienna.",
            "fr": "A ouvert la session du centenaire de l’Assemblée générale à Vienne.",
            "es": "Inauguró la reunión del centenario de la Asamblea General en Viena.",
            "ar": "افتتح دورة المئوية للجمعية العامة في فيينا.",
        },
    ),
    (
        "franz-ruf",
        "Franz Ruf",
        "AT",
        {
            "en": "Director General for Public Security",
            "fr": "Directeur général de la sécurité publique",
            "es": "Director General de Seguridad Pública",
            "ar": "المدير العام للأمن العام",
        },
        {
            "en": "Federal Ministry of the Interior, Austria",
            "fr": "Ministère fédéral de l’Intérieur, Autriche",
            "es": "Ministerio Federal del Interior, Austria",
            "ar": "وزارة الداخلية الاتحادية، النمسا",
        },
        {
            "en": "Welcomed the delegations to Vienna on behalf of the host country.",
            "fr": "A accueilli les délégations à Vienne au nom du pays hôte.",
            "es": "Dio la bienvenida a las delegaciones en Viena en nombre del país anfitrión.",
            "ar": "رحّب بالوفود في فيينا باسم البلد المضيف.",
        },
    ),
    (
        "ahmed-naser-al-raisi",
        "Ahmed Naser Al-Raisi",
        "AE",
        {
            "en": "President of the Organization",
            "fr": "Président de l’Organisation",
            "es": "Presidente de la Organización",
            "ar": "رئيس المنظمة",
        },
        {"en": "INTERPOL", "fr": "INTERPOL", "es": "INTERPOL", "ar": "الإنتربول"},
        {
            "en": "Chairs the General Assembly.",
            "fr": "Préside l’Assemblée générale.",
            "es": "Preside la Asamblea General.",
            "ar": "يرأس الجمعية العامة.",
        },
    ),
]

# Fictitious panel speakers: the surnames say “example” in the four languages.
DEMO_FIRST_NAMES = [
    "Amina",
    "Bruno",
    "Carla",
    "Daniel",
    "Elena",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ingrid",
    "Jamal",
    "Kofi",
    "Lucía",
    "Marta",
    "Nadia",
    "Omar",
    "Priya",
    "Rafael",
    "Sofia",
    "Tomás",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bilal",
    "Chloé",
    "Diego",
    "Esther",
    "Gustavo",
]
DEMO_SURNAMES = ["Example", "Exemple", "Ejemplo", "Mithal"]
DEMO_FUNCTIONS = [
    {
        "en": "Head of a national police force",
        "fr": "Chef d’une police nationale",
        "es": "Jefe de una policía nacional",
        "ar": "رئيس جهاز شرطة وطني",
    },
    {
        "en": "Expert in emerging technologies",
        "fr": "Expert en technologies émergentes",
        "es": "Experto en tecnologías emergentes",
        "ar": "خبير في التكنولوجيات الناشئة",
    },
    {
        "en": "Director of a regional police organization",
        "fr": "Directeur d’une organisation policière régionale",
        "es": "Director de una organización policial regional",
        "ar": "مدير منظمة شرطة إقليمية",
    },
]
DEMO_ORGANISATION = {
    "en": "Demo National Police (fictitious)",
    "fr": "Police nationale de démonstration (fictive)",
    "es": "Policía Nacional de Demostración (ficticia)",
    "ar": "الشرطة الوطنية التجريبية (وهمية)",
}
DEMO_BIOGRAPHY = {
    "en": "A fictitious speaker created to demonstrate the platform; not a real person.",
    "fr": "Intervenant fictif créé pour la démonstration de la plateforme ; ce n’est pas une "
    "personne réelle.",
    "es": "Ponente ficticio creado para la demostración de la plataforma; no es una persona real.",
    "ar": "متحدث وهمي أُنشئ لعرض المنصة، وليس شخصًا حقيقيًا.",
}

PANEL_PREFIX = {
    "en": "Panel: ",
    "fr": "Table ronde : ",
    "es": "Mesa redonda: ",
    "ar": "حلقة نقاش: ",
}
PANEL_DESCRIPTION = {
    "en": "Heads of police and experts from every region discuss the theme and answer "
    "questions from the floor.",
    "fr": "Des chefs de police et des experts de toutes les régions débattent du thème et "
    "répondent aux questions de la salle.",
    "es": "Jefes de policía y expertos de todas las regiones debaten el tema y responden a las "
    "preguntas de la sala.",
    "ar": "يناقش قادة الشرطة والخبراء من جميع المناطق الموضوع ويجيبون عن أسئلة الحاضرين.",
}

BREAK = {"en": "Coffee break", "fr": "Pause café", "es": "Pausa para el café", "ar": "استراحة قهوة"}
LUNCH = {
    "en": "Lunch break",
    "fr": "Pause déjeuner",
    "es": "Pausa para el almuerzo",
    "ar": "استراحة الغداء",
}

# (day, start, end, kind, slug, titles, room index or None, theme slugs, capacity, speakers)
# speakers: list of (speaker slug, role); "panel" fills in a moderator and two panellists.
D1, D2, D3, D4 = (
    dt.date(2023, 11, 28),
    dt.date(2023, 11, 29),
    dt.date(2023, 11, 30),
    dt.date(2023, 12, 1),
)

SLOTS = [
    (
        D1,
        "09:30",
        "10:30",
        "opening",
        "opening-ceremony",
        {
            "en": "Opening ceremony of the centenary session",
            "fr": "Cérémonie d’ouverture de la session du centenaire",
            "es": "Ceremonia de apertura de la reunión del centenario",
            "ar": "حفل افتتاح دورة المئوية",
        },
        0,
        ["century-of-cooperation"],
        None,
        [
            ("ahmed-naser-al-raisi", "chair"),
            ("karl-nehammer", "speaker"),
            ("franz-ruf", "speaker"),
        ],
    ),
    (D1, "10:30", "11:00", "break", "break-1-morning", BREAK, None, [], None, []),
    (
        D1,
        "11:00",
        "12:30",
        "plenary",
        "plenary-1",
        {
            "en": "First plenary sitting: adoption of the agenda and admission of a new member",
            "fr": "Première séance plénière : adoption de l’ordre du jour et admission d’un "
            "nouveau membre",
            "es": "Primera sesión plenaria: aprobación del orden del día y admisión de un nuevo "
            "miembro",
            "ar": "الجلسة العامة الأولى: اعتماد جدول الأعمال وقبول عضو جديد",
        },
        0,
        [],
        None,
        [("ahmed-naser-al-raisi", "chair")],
    ),
    (D1, "12:30", "14:00", "break", "lunch-1", LUNCH, None, [], None, []),
    (
        D1,
        "13:00",
        "13:45",
        "press",
        "press-conference-opening",
        {
            "en": "Press conference after the opening",
            "fr": "Conférence de presse après l’ouverture",
            "es": "Rueda de prensa tras la apertura",
            "ar": "مؤتمر صحفي بعد الافتتاح",
        },
        4,
        [],
        None,
        [],
    ),
    (
        D1,
        "14:00",
        "15:30",
        "panel",
        "panel-century-of-cooperation",
        None,
        1,
        ["century-of-cooperation"],
        None,
        "panel",
    ),
    (D1, "15:30", "16:00", "break", "break-1-afternoon", BREAK, None, [], None, []),
    (
        D1,
        "16:00",
        "17:30",
        "panel",
        "panel-emerging-trends",
        None,
        1,
        ["emerging-trends"],
        None,
        "panel",
    ),
    (
        D1,
        "17:45",
        "18:45",
        "side_event",
        "centenary-exhibition-tour",
        {
            "en": "Guided tour of the centenary exhibition",
            "fr": "Visite guidée de l’exposition du centenaire",
            "es": "Visita guiada a la exposición del centenario",
            "ar": "جولة إرشادية في معرض المئوية",
        },
        2,
        ["century-of-cooperation"],
        40,
        [],
    ),
    (
        D2,
        "09:00",
        "10:30",
        "plenary",
        "plenary-2-reports",
        {
            "en": "Second plenary sitting: reports on the activities of the Organization",
            "fr": "Deuxième séance plénière : rapports sur les activités de l’Organisation",
            "es": "Segunda sesión plenaria: informes sobre las actividades de la Organización",
            "ar": "الجلسة العامة الثانية: التقارير عن أنشطة المنظمة",
        },
        0,
        [],
        None,
        [("ahmed-naser-al-raisi", "chair")],
    ),
    (D2, "10:30", "11:00", "break", "break-2-morning", BREAK, None, [], None, []),
    (
        D2,
        "11:00",
        "12:30",
        "panel",
        "panel-emerging-technologies",
        None,
        1,
        ["emerging-technologies"],
        None,
        "panel",
    ),
    (D2, "12:30", "14:00", "break", "lunch-2", LUNCH, None, [], None, []),
    (
        D2,
        "12:45",
        "13:45",
        "side_event",
        "women-in-policing-lunch",
        {
            "en": "Women in policing: networking lunch",
            "fr": "Les femmes dans la police : déjeuner de réseautage",
            "es": "Las mujeres en la policía: almuerzo de contactos",
            "ar": "المرأة في العمل الشرطي: غداء للتواصل",
        },
        3,
        ["next-generation"],
        30,
        [],
    ),
    (
        D2,
        "14:00",
        "15:30",
        "panel",
        "panel-global-crime-threats",
        None,
        1,
        ["global-crime-threats"],
        None,
        "panel",
    ),
    (
        D2,
        "16:00",
        "17:30",
        "panel",
        "panel-regional-dialogue",
        None,
        1,
        ["regional-dialogue"],
        None,
        "panel",
    ),
    (
        D3,
        "09:00",
        "10:30",
        "plenary",
        "plenary-3-budget",
        {
            "en": "Third plenary sitting: budget and activities for 2024",
            "fr": "Troisième séance plénière : budget et activités pour 2024",
            "es": "Tercera sesión plenaria: presupuesto y actividades para 2024",
            "ar": "الجلسة العامة الثالثة: الميزانية والأنشطة لعام 2024",
        },
        0,
        ["budget-2024"],
        None,
        [("ahmed-naser-al-raisi", "chair")],
    ),
    (D3, "10:30", "11:00", "break", "break-3-morning", BREAK, None, [], None, []),
    (
        D3,
        "11:00",
        "12:30",
        "panel",
        "panel-data-governance",
        None,
        1,
        ["data-governance"],
        None,
        "panel",
    ),
    (D3, "12:30", "14:00", "break", "lunch-3", LUNCH, None, [], None, []),
    (
        D3,
        "12:45",
        "13:45",
        "side_event",
        "forensic-databases-demo",
        {
            "en": "Demonstration of forensic databases",
            "fr": "Démonstration des bases de données de police scientifique",
            "es": "Demostración de las bases de datos forenses",
            "ar": "عرض توضيحي لقواعد بيانات الأدلة الجنائية",
        },
        2,
        ["emerging-technologies"],
        25,
        [],
    ),
    (D3, "14:00", "15:30", "panel", "panel-budget-2024", None, 1, ["budget-2024"], None, "panel"),
    (D3, "16:00", "17:30", "panel", "panel-partnerships", None, 1, ["partnerships"], None, "panel"),
    (
        D4,
        "09:00",
        "10:00",
        "panel",
        "panel-next-generation",
        None,
        1,
        ["next-generation"],
        None,
        "panel",
    ),
    (
        D4,
        "10:00",
        "12:00",
        "plenary",
        "plenary-4-elections",
        {
            "en": "Fourth plenary sitting: elections to the Executive Committee",
            "fr": "Quatrième séance plénière : élections au Comité exécutif",
            "es": "Cuarta sesión plenaria: elecciones al Comité Ejecutivo",
            "ar": "الجلسة العامة الرابعة: انتخابات اللجنة التنفيذية",
        },
        0,
        [],
        None,
        [("ahmed-naser-al-raisi", "chair")],
    ),
    (D4, "12:00", "13:30", "break", "lunch-4", LUNCH, None, [], None, []),
    (
        D4,
        "13:30",
        "14:45",
        "plenary",
        "plenary-5-resolutions",
        {
            "en": "Fifth plenary sitting: adoption of resolutions and venue of the next sessions",
            "fr": "Cinquième séance plénière : adoption des résolutions et lieu des prochaines "
            "sessions",
            "es": "Quinta sesión plenaria: aprobación de las resoluciones y sede de las próximas "
            "reuniones",
            "ar": "الجلسة العامة الخامسة: اعتماد القرارات ومكان انعقاد الدورات المقبلة",
        },
        0,
        ["budget-2024"],
        None,
        [("ahmed-naser-al-raisi", "chair")],
    ),
    (
        D4,
        "15:00",
        "16:00",
        "closing",
        "closing-ceremony",
        {
            "en": "Closing ceremony",
            "fr": "Cérémonie de clôture",
            "es": "Ceremonia de clausura",
            "ar": "حفل الختام",
        },
        0,
        [],
        None,
        [("ahmed-naser-al-raisi", "speaker")],
    ),
    (
        D4,
        "16:15",
        "17:00",
        "press",
        "press-conference-closing",
        {
            "en": "Closing press conference",
            "fr": "Conférence de presse de clôture",
            "es": "Rueda de prensa de clausura",
            "ar": "المؤتمر الصحفي الختامي",
        },
        4,
        [],
        None,
        [("ahmed-naser-al-raisi", "speaker")],
    ),
]

SIDE_EVENT_DESCRIPTION = {
    "en": "Seats are limited: signed-in delegates take a seat or join the waiting list.",
    "fr": "Les places sont limitées : les délégués connectés réservent une place ou "
    "s’inscrivent sur la liste d’attente.",
    "es": "Las plazas son limitadas: los delegados que han iniciado sesión reservan una plaza o "
    "se inscriben en la lista de espera.",
    "ar": "المقاعد محدودة: يحجز المندوبون المسجلون دخولهم مقعدًا أو ينضمون إلى قائمة الانتظار.",
}
PLENARY_DESCRIPTION = {
    "en": "A sitting of the General Assembly, in the four working languages.",
    "fr": "Une séance de l’Assemblée générale, dans les quatre langues de travail.",
    "es": "Una sesión de la Asamblea General, en los cuatro idiomas de trabajo.",
    "ar": "جلسة للجمعية العامة بلغات العمل الأربع.",
}

# (number, slug, titles, compulsory, final state, slots, document references)
ITEMS = [
    (
        "1",
        "item-1-opening",
        {
            "en": "Opening of the session",
            "fr": "Ouverture de la session",
            "es": "Apertura de la reunión",
            "ar": "افتتاح الدورة",
        },
        True,
        "closed",
        ["opening-ceremony"],
        [],
    ),
    (
        "2",
        "item-2-agenda",
        {
            "en": "Adoption of the agenda and timetable",
            "fr": "Adoption de l’ordre du jour et du calendrier",
            "es": "Aprobación del orden del día y del calendario",
            "ar": "اعتماد جدول الأعمال والجدول الزمني",
        },
        True,
        "closed",
        ["plenary-1"],
        ["GA-2023-91-AGN-01"],
    ),
    (
        "3",
        "item-3-credentials",
        {
            "en": "Appointment of the Credentials Committee",
            "fr": "Désignation de la Commission de vérification des pouvoirs",
            "es": "Designación de la Comisión de Verificación de Poderes",
            "ar": "تعيين لجنة وثائق التفويض",
        },
        True,
        "closed",
        ["plenary-1"],
        [],
    ),
    (
        "4",
        "item-4-reports",
        {"en": "Reports", "fr": "Rapports", "es": "Informes", "ar": "التقارير"},
        True,
        "final",
        ["plenary-2-reports"],
        [],
    ),
    (
        "4.1",
        "item-4-1-activities-2023",
        {
            "en": "Report on the activities of the Organization in 2023",
            "fr": "Rapport sur les activités de l’Organisation en 2023",
            "es": "Informe sobre las actividades de la Organización en 2023",
            "ar": "تقرير عن أنشطة المنظمة في عام 2023",
        },
        True,
        "debated",
        ["plenary-2-reports"],
        ["GA-2023-91-REP-01"],
    ),
    (
        "4.2",
        "item-4-2-executive-committee",
        {
            "en": "Report of the Executive Committee",
            "fr": "Rapport du Comité exécutif",
            "es": "Informe del Comité Ejecutivo",
            "ar": "تقرير اللجنة التنفيذية",
        },
        True,
        "final",
        ["plenary-2-reports"],
        [],
    ),
    (
        "4.3",
        "item-4-3-files-commission",
        {
            "en": "Report of the Commission for the Control of the Organization’s Files",
            "fr": "Rapport de la Commission de contrôle des fichiers de l’Organisation",
            "es": "Informe de la Comisión de Control de los Ficheros de la Organización",
            "ar": "تقرير لجنة الرقابة على محفوظات المنظمة",
        },
        True,
        "final",
        ["plenary-2-reports"],
        [],
    ),
    (
        "5",
        "item-5-admission-palau",
        {
            "en": "Application for membership: Palau",
            "fr": "Demande d’adhésion : Palaos",
            "es": "Solicitud de ingreso: Palaos",
            "ar": "طلب العضوية: بالاو",
        },
        False,
        "closed",
        ["plenary-1"],
        [],
    ),
    (
        "6",
        "item-6-finances",
        {"en": "Finances", "fr": "Finances", "es": "Finanzas", "ar": "الشؤون المالية"},
        True,
        "final",
        ["plenary-3-budget"],
        [],
    ),
    (
        "6.1",
        "item-6-1-financial-report-2022",
        {
            "en": "Financial report for 2022 and report of the External Auditor",
            "fr": "Rapport financier pour 2022 et rapport du Commissaire aux comptes",
            "es": "Informe financiero de 2022 e informe del Auditor Externo",
            "ar": "التقرير المالي لعام 2022 وتقرير مراجع الحسابات الخارجي",
        },
        True,
        "final",
        ["plenary-3-budget"],
        [],
    ),
    (
        "6.2",
        "item-6-2-budget-2024",
        {
            "en": "Budget and programme of activities for 2024",
            "fr": "Budget et programme d’activités pour 2024",
            "es": "Presupuesto y programa de actividades para 2024",
            "ar": "الميزانية وبرنامج الأنشطة لعام 2024",
        },
        True,
        "final",
        ["plenary-3-budget", "panel-budget-2024"],
        [],
    ),
    (
        "6.3",
        "item-6-3-contributions",
        {
            "en": "Statutory contributions of member countries",
            "fr": "Contributions statutaires des pays membres",
            "es": "Contribuciones estatutarias de los países miembros",
            "ar": "الاشتراكات النظامية للبلدان الأعضاء",
        },
        True,
        "final",
        ["plenary-3-budget"],
        [],
    ),
    (
        "7",
        "item-7-governance",
        {"en": "Governance", "fr": "Gouvernance", "es": "Gobernanza", "ar": "الحوكمة"},
        True,
        "provisional",
        [],
        [],
    ),
    (
        "7.1",
        "item-7-1-data-rules",
        {
            "en": "Amendments to the rules on the processing of data",
            "fr": "Modifications du règlement sur le traitement des données",
            "es": "Modificaciones del reglamento sobre el tratamiento de datos",
            "ar": "تعديلات قواعد معالجة البيانات",
        },
        True,
        "final",
        ["panel-data-governance"],
        [],
    ),
    (
        "7.2",
        "item-7-2-general-regulations",
        {
            "en": "Amendments to the General Regulations",
            "fr": "Modifications du Règlement général",
            "es": "Modificaciones del Reglamento General",
            "ar": "تعديلات النظام العام",
        },
        False,
        "withdrawn",
        [],
        [],
    ),
    (
        "8",
        "item-8-partnerships",
        {
            "en": "Cooperation agreements with international organizations",
            "fr": "Accords de coopération avec des organisations internationales",
            "es": "Acuerdos de cooperación con organizaciones internacionales",
            "ar": "اتفاقات التعاون مع المنظمات الدولية",
        },
        True,
        "final",
        ["panel-partnerships"],
        [],
    ),
    (
        "9",
        "item-9-elections",
        {
            "en": "Elections to the Executive Committee",
            "fr": "Élections au Comité exécutif",
            "es": "Elecciones al Comité Ejecutivo",
            "ar": "انتخابات اللجنة التنفيذية",
        },
        True,
        "final",
        ["plenary-4-elections"],
        [],
    ),
    (
        "9.1",
        "item-9-1-vice-president-europe",
        {
            "en": "Election of a Vice-President for Europe",
            "fr": "Élection d’un vice-président pour l’Europe",
            "es": "Elección de un Vicepresidente para Europa",
            "ar": "انتخاب نائب للرئيس عن أوروبا",
        },
        True,
        "final",
        ["plenary-4-elections"],
        [],
    ),
    (
        "9.2",
        "item-9-2-delegates",
        {
            "en": "Election of Delegates to the Executive Committee",
            "fr": "Élection de délégués au Comité exécutif",
            "es": "Elección de Delegados al Comité Ejecutivo",
            "ar": "انتخاب مندوبين في اللجنة التنفيذية",
        },
        True,
        "final",
        ["plenary-4-elections"],
        [],
    ),
    (
        "10",
        "item-10-next-sessions",
        {
            "en": "Venue of the 92nd and 93rd sessions",
            "fr": "Lieu des 92e et 93e sessions",
            "es": "Sede de las reuniones 92.ª y 93.ª",
            "ar": "مكان انعقاد الدورتين الثانية والتسعين والثالثة والتسعين",
        },
        True,
        "final",
        ["plenary-5-resolutions"],
        [],
    ),
    (
        "11",
        "item-11-other-business",
        {
            "en": "Any other business",
            "fr": "Questions diverses",
            "es": "Asuntos varios",
            "ar": "ما يستجد من أعمال",
        },
        True,
        "final",
        ["plenary-5-resolutions"],
        [],
    ),
    (
        "12",
        "item-12-closing",
        {
            "en": "Closing of the session",
            "fr": "Clôture de la session",
            "es": "Clausura de la reunión",
            "ar": "اختتام الدورة",
        },
        True,
        "final",
        ["closing-ceremony"],
        [],
    ),
]
PROPOSER = {
    "en": "Executive Committee",
    "fr": "Comité exécutif",
    "es": "Comité Ejecutivo",
    "ar": "اللجنة التنفيذية",
}
STATE_PATH = {
    "requested": [],
    "provisional": ["provisional"],
    "final": ["provisional", "final"],
    "debated": ["provisional", "final", "debated"],
    "closed": ["provisional", "final", "debated", "closed"],
    "withdrawn": ["provisional", "withdrawn"],
}
TRANSITIONS = {
    "provisional": services.agenda_item_make_provisional,
    "final": services.agenda_item_make_final,
    "debated": services.agenda_item_open_debate,
    "closed": services.agenda_item_close,
    "withdrawn": services.agenda_item_withdraw,
}


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), VIENNA)


def _speakers() -> list[str]:
    countries = {c.iso_code: c for c in Country.objects.filter(iso_code__in=["AT", "AE"])}
    for slug, name, iso, functions, organisations, biographies in OFFICIALS:
        services.speaker_upsert(
            slug=slug,
            name=name,
            functions=functions,
            organisations=organisations,
            biographies=biographies,
            country=countries.get(iso),
        )
    demo_slugs = []
    for index, first in enumerate(DEMO_FIRST_NAMES):
        name = f"{first} {DEMO_SURNAMES[index % len(DEMO_SURNAMES)]}"
        slug = f"demo-{index + 1:02d}-{slugify(first)}"
        services.speaker_upsert(
            slug=slug,
            name=f"{name} (demo)",
            functions=DEMO_FUNCTIONS[index % len(DEMO_FUNCTIONS)],
            organisations=DEMO_ORGANISATION,
            biographies=DEMO_BIOGRAPHY,
        )
        demo_slugs.append(slug)
    return demo_slugs


@transaction.atomic
def seed(*, stdout) -> None:
    session = AssemblySession.objects.filter(number=91).first()
    if session is None:
        stdout.write("Agenda: no 91st session, nothing to seed")
        return
    rooms = list(Room.objects.filter(venue__name_en="Austria Center Vienna").order_by("order"))
    themes = {}
    for order, (slug, colour, titles) in enumerate(THEMES, start=1):
        themes[slug] = services.theme_upsert(
            session=session,
            slug=slug,
            titles=titles,
            descriptions=PANEL_DESCRIPTION,
            colour=colour,
            order=order,
        )
    stdout.write(f"Agenda themes: {len(themes)}")

    demo_speakers = iter(_speakers())
    from .models import Speaker

    speakers = {s.slug: s for s in Speaker.objects.all()}
    created = 0
    for day, start, end, kind, slug, titles, room_index, theme_slugs, capacity, people in SLOTS:
        if kind == "panel":
            theme_titles = dict(THEMES_BY_SLUG[theme_slugs[0]])
            titles = {code: PANEL_PREFIX[code] + theme_titles[code] for code in language_codes()}
            people = [
                (next(demo_speakers), "moderator"),
                (next(demo_speakers), "panellist"),
                (next(demo_speakers), "panellist"),
            ]
        slot = ProgrammeSlot.objects.filter(session=session, slug=slug).first()
        if slot is None:
            description = (
                PANEL_DESCRIPTION
                if kind == "panel"
                else SIDE_EVENT_DESCRIPTION
                if kind == "side_event"
                else PLENARY_DESCRIPTION
                if kind in ("plenary", "opening", "closing")
                else {}
            )
            slot = services.slot_create(
                session=session,
                kind=kind,
                slug=slug,
                titles=titles,
                descriptions=description,
                start=_at(day, start),
                end=_at(day, end),
                room=rooms[room_index] if room_index is not None and rooms else None,
                themes=[themes[t] for t in theme_slugs],
                interpretation_languages=["en", "fr"] if kind == "side_event" else language_codes(),
                capacity=capacity,
            )
            services.slot_publish(slot=slot)
            created += 1
        for order, (speaker_slug, role) in enumerate(people):
            services.slot_speaker_set(
                slot=slot, speaker=speakers[speaker_slug], role=role, order=order
            )
    stdout.write(f"Programme slots of the 91st session: {session.slots.count()} ({created} new)")
    stdout.write(f"Speakers: {len(speakers)}")

    slots = {s.slug: s for s in session.slots.all()}
    documents = {d.reference: d for d in Document.objects.filter(session=session)}
    new_items = 0
    for order, (number, slug, titles, compulsory, state, slot_slugs, refs) in enumerate(ITEMS):
        item = AgendaItem.objects.filter(session=session, slug=slug).first()
        if item is None:
            item = services.agenda_item_create(
                session=session,
                number=number,
                slug=slug,
                titles=titles,
                proposers=PROPOSER,
                is_compulsory=compulsory,
                order=order,
            )
            for step in STATE_PATH[state]:
                TRANSITIONS[step](item=item)
            item.slots.set([slots[s] for s in slot_slugs])
            item.documents.set([documents[r] for r in refs if r in documents])
            new_items += 1
    stdout.write(
        f"Agenda items of the 91st session: {session.agenda_items.count()} ({new_items} new)"
    )
    _list_of_speakers(session)


def _list_of_speakers(session) -> None:
    """A few delegations on the list of item 4.1, which is under debate in the demo."""
    from delegates.models import Delegation

    item = AgendaItem.objects.get(session=session, slug="item-4-1-activities-2023")
    if item.floor_requests.exists():
        return
    delegations = list(
        Delegation.objects.filter(session=session, country__isnull=False).order_by("pk")[:4]
    )
    if not delegations:
        for iso in ("AT", "BR", "JP", "KE"):
            country = Country.objects.filter(iso_code=iso).first()
            if country is not None:
                delegation, _created = Delegation.objects.get_or_create(
                    session=session, country=country
                )
                delegations.append(delegation)
    requests = [
        services.floor_request_create(
            agenda_item=item, delegation=delegation, kind=FloorRequest.Kind.STATEMENT
        )
        for delegation in delegations
    ]
    if requests:
        services.floor_request_give_floor(request=requests[0])
        services.floor_request_mark_spoken(request=requests[0], duration_seconds=240)
    if len(requests) > 1:
        services.floor_request_give_floor(request=requests[1])


THEMES_BY_SLUG = {slug: titles for slug, _colour, titles in THEMES}
