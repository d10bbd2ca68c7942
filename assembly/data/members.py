"""The 196 member countries of the 91st session (Palau admitted 28 November 2023), by region.

Names come from CLDR through Babel, except where the Organisation's own usage differs (OWN_NAMES).
"""

REGIONS = [
    # code, order, names in en/fr/es/ar
    ("africa", 1, {"en": "Africa", "fr": "Afrique", "es": "África", "ar": "أفريقيا"}),
    ("americas", 2, {"en": "Americas", "fr": "Amériques", "es": "Américas", "ar": "الأمريكتان"}),
    (
        "asia",
        3,
        {
            "en": "Asia and South Pacific",
            "fr": "Asie et Pacifique Sud",
            "es": "Asia y Pacífico Sur",
            "ar": "آسيا وجنوب المحيط الهادئ",
        },
    ),
    ("europe", 4, {"en": "Europe", "fr": "Europe", "es": "Europa", "ar": "أوروبا"}),
]

MEMBERS_BY_REGION = {
    "africa": (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR "
        "LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW"
    ),
    "americas": (
        "AG AR AW BS BB BZ BO BR CA CL CO CR CU CW DM DO EC SV GD GT GY HT HN JM MX NI PA PY "
        "PE KN LC VC SX SR TT US UY VE"
    ),
    "asia": (
        "AF BH BD BT BN KH CN IN ID IR IQ JP JO KZ KW KG LA LB MY MV MN MM NP OM PK PS PH QA "
        "SA SG KR LK SY TJ TH TL TM AE UZ VN YE AU FJ KI MH FM NR NZ PW PG WS SB TO VU"
    ),
    "europe": (
        "AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FI FR GE DE GR HU IS IE IL IT LV LI LT LU "
        "MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TR UA GB VA"
    ),
}

# Year of admission where the demo data states it.
MEMBER_SINCE = {"AT": 1923, "FR": 1923, "PW": 2023, "PS": 2017, "SB": 2017, "KI": 2021}

# The Organisation's own names, where they differ from CLDR's short forms.
OWN_NAMES = {
    "VA": {
        "en": "Vatican City State",
        "fr": "État de la Cité du Vatican",
        "es": "Estado de la Ciudad del Vaticano",
        "ar": "دولة مدينة الفاتيكان",
    },
    "PS": {"en": "Palestine", "fr": "Palestine", "es": "Palestina", "ar": "فلسطين"},
    "CD": {
        "en": "Congo (Democratic Republic of)",
        "fr": "Congo (République démocratique du)",
        "es": "Congo (República Democrática del)",
        "ar": "جمهورية الكونغو الديمقراطية",
    },
    "CG": {"en": "Congo", "fr": "Congo", "es": "Congo", "ar": "الكونغو"},
    "KR": {
        "en": "Korea (Republic of)",
        "fr": "Corée (République de)",
        "es": "Corea (República de)",
        "ar": "جمهورية كوريا",
    },
    "MM": {"en": "Myanmar", "fr": "Myanmar", "es": "Myanmar", "ar": "ميانمار"},
}

HOST_NAMES_EN = {"&": "and", "St. ": "Saint "}
