"""Texts of the 91st session's demo resolutions in the four working languages."""

# Each entry: key, agenda item (its number on the 91st session's agenda, seeded by the agenda
# demo), sponsors (ISO codes), majority rule, vote plan, titles, texts.
# The vote plan gives the method and the number of yes / no / abstain among the accredited
# countries (the rest are absent); a secret ballot gives the tellers' totals and invalid ones.
DRAFTS_91 = [
    {
        "key": "csam",
        "agenda": "4.1",
        "sponsors": ["AT", "AU", "CA", "PH"],
        "rule": "simple",
        "vote": {"method": "consensus"},
        "closed_at": (2023, 11, 29, 11, 40),
        "title": {
            "en": "Preventing the circulation of online child sexual abuse material",
            "fr": "Prévenir la circulation en ligne de contenus pédopornographiques",
            "es": "Prevención de la circulación en línea de material de abuso sexual infantil",
            "ar": "منع تداول مواد الاعتداء الجنسي على الأطفال عبر الإنترنت",
        },
        "text": {
            "en": "<p>The General Assembly, meeting in Vienna for its 91st session,</p>"
            "<p>CONCERNED by the growing volume of child sexual abuse material shared online,</p>"
            "<ol><li>ENCOURAGES member countries to connect their national units to the "
            "International Child Sexual Exploitation database;</li><li>CALLS ON member "
            "countries to share hashes of known material so that it can be identified and "
            "removed quickly;</li><li>REQUESTS the General Secretariat to report on progress "
            "at the next session.</li></ol>",
            "fr": "<p>L’Assemblée générale, réunie à Vienne pour sa 91e session,</p>"
            "<p>PRÉOCCUPÉE par le volume croissant de contenus pédopornographiques partagés en "
            "ligne,</p><ol><li>ENCOURAGE les pays membres à raccorder leurs unités nationales "
            "à la base de données internationale sur l’exploitation sexuelle des enfants ;</li>"
            "<li>INVITE les pays membres à partager les empreintes numériques des contenus "
            "connus afin qu’ils puissent être identifiés et retirés rapidement ;</li>"
            "<li>DEMANDE au Secrétariat général de rendre compte des progrès accomplis à la "
            "prochaine session.</li></ol>",
            "es": "<p>La Asamblea General, reunida en Viena en su 91.ª reunión,</p>"
            "<p>PREOCUPADA por el creciente volumen de material de abuso sexual infantil "
            "compartido en línea,</p><ol><li>ALIENTA a los países miembros a conectar sus "
            "unidades nacionales a la base de datos internacional sobre explotación sexual de "
            "menores;</li><li>INSTA a los países miembros a compartir las huellas digitales del "
            "material conocido para que pueda identificarse y retirarse con rapidez;</li>"
            "<li>PIDE a la Secretaría General que informe de los avances en la próxima "
            "reunión.</li></ol>",
            "ar": "<p>إن الجمعية العامة، المجتمعة في فيينا في دورتها الحادية والتسعين،</p>"
            "<p>إذ يساورها القلق إزاء الحجم المتزايد لمواد الاعتداء الجنسي على الأطفال "
            "المتداولة عبر الإنترنت،</p><ol><li>تشجع البلدان الأعضاء على ربط وحداتها الوطنية "
            "بقاعدة البيانات الدولية الخاصة بالاستغلال الجنسي للأطفال؛</li><li>تدعو البلدان "
            "الأعضاء إلى تبادل البصمات الرقمية للمواد المعروفة لكي يتسنى تحديدها وإزالتها "
            "بسرعة؛</li><li>تطلب إلى الأمانة العامة تقديم تقرير عن التقدم المحرز في الدورة "
            "القادمة.</li></ol>",
        },
    },
    {
        "key": "environment",
        "agenda": "4.1",
        "sponsors": ["BR", "KE", "NO", "ID"],
        "rule": "simple",
        "vote": {"method": "recorded", "yes": 151, "no": 4, "abstain": 9},
        "closed_at": (2023, 11, 29, 16, 5),
        "title": {
            "en": "Strengthening the global response to environmental crime",
            "fr": "Renforcer la réponse mondiale à la criminalité environnementale",
            "es": "Fortalecimiento de la respuesta mundial a la delincuencia ambiental",
            "ar": "تعزيز التصدي العالمي للجرائم البيئية",
        },
        "text": {
            "en": "<p>The General Assembly,</p><p>RECOGNIZING that environmental crime — "
            "illegal logging, wildlife trafficking, illegal fishing and pollution crime — is "
            "linked to organized crime, corruption and financial crime,</p><ol><li>URGES "
            "member countries to treat environmental crime as serious crime;</li><li>ENCOURAGES "
            "the use of Notices and diffusions to trace offenders and illicit proceeds across "
            "borders;</li><li>INVITES the General Secretariat to support joint operations with "
            "customs, environmental and financial authorities.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><p>RECONNAISSANT que la criminalité "
            "environnementale — exploitation forestière illégale, trafic d’espèces sauvages, "
            "pêche illicite et pollution — est liée à la criminalité organisée, à la "
            "corruption et à la criminalité financière,</p><ol><li>EXHORTE les pays membres à "
            "considérer la criminalité environnementale comme une forme grave de "
            "criminalité ;</li><li>ENCOURAGE le recours aux notices et aux diffusions pour "
            "localiser les auteurs et les produits illicites par-delà les frontières ;</li>"
            "<li>INVITE le Secrétariat général à soutenir des opérations conjointes avec les "
            "autorités douanières, environnementales et financières.</li></ol>",
            "es": "<p>La Asamblea General,</p><p>RECONOCIENDO que la delincuencia ambiental "
            "—la tala ilegal, el tráfico de especies silvestres, la pesca ilegal y los delitos "
            "de contaminación— está vinculada a la delincuencia organizada, la corrupción y la "
            "delincuencia financiera,</p><ol><li>INSTA a los países miembros a considerar la "
            "delincuencia ambiental como delito grave;</li><li>ALIENTA el uso de notificaciones "
            "y difusiones para localizar a los autores y los productos ilícitos más allá de las "
            "fronteras;</li><li>INVITA a la Secretaría General a apoyar operaciones conjuntas "
            "con las autoridades aduaneras, ambientales y financieras.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><p>إذ تدرك أن الجرائم البيئية — كقطع الأشجار غير "
            "المشروع والاتجار بالأحياء البرية والصيد غير المشروع وجرائم التلوث — مرتبطة "
            "بالجريمة المنظمة والفساد والجرائم المالية،</p><ol><li>تحث البلدان الأعضاء على "
            "اعتبار الجرائم البيئية جرائم خطيرة؛</li><li>تشجع على استخدام النشرات والتعاميم "
            "لتعقب الجناة والعائدات غير المشروعة عبر الحدود؛</li><li>تدعو الأمانة العامة إلى "
            "دعم العمليات المشتركة مع السلطات الجمركية والبيئية والمالية.</li></ol>",
        },
    },
    {
        "key": "governance",
        "agenda": "7.2",
        "sponsors": ["AT", "FR", "SN", "AR", "SG"],
        "rule": "two_thirds_present_voting",
        "vote": {"method": "roll_call", "yes": 138, "no": 11, "abstain": 14, "letter": "M"},
        "closed_at": (2023, 11, 30, 12, 15),
        "amendments": True,
        "title": {
            "en": "Governance reform: amendments to the General Regulations and the Rules of "
            "Procedure of the General Assembly",
            "fr": "Réforme de la gouvernance : modifications du Règlement général et du "
            "Règlement intérieur de l’Assemblée générale",
            "es": "Reforma de la gobernanza: modificaciones del Reglamento General y del "
            "Reglamento Interno de la Asamblea General",
            "ar": "إصلاح الحوكمة: تعديلات على النظام العام والنظام الداخلي للجمعية العامة",
        },
        "text": {
            "en": "<p>The General Assembly,</p><p>HAVING CONSIDERED the report of the Working "
            "Group on Governance,</p><ol><li>ADOPTS the amendments to the General Regulations "
            "and to the Rules of Procedure of the General Assembly set out in the appendix to "
            "this resolution;</li><li>DECIDES that they enter into force at the close of this "
            "session;</li><li>REQUESTS the General Secretariat to publish the amended texts in "
            "the four working languages.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><p>AYANT EXAMINÉ le rapport du Groupe de "
            "travail sur la gouvernance,</p><ol><li>ADOPTE les modifications du Règlement "
            "général et du Règlement intérieur de l’Assemblée générale figurant en annexe à la "
            "présente résolution ;</li><li>DÉCIDE qu’elles entrent en vigueur à la clôture de "
            "la présente session ;</li><li>DEMANDE au Secrétariat général de publier les textes "
            "modifiés dans les quatre langues de travail.</li></ol>",
            "es": "<p>La Asamblea General,</p><p>HABIENDO EXAMINADO el informe del Grupo de "
            "Trabajo sobre Gobernanza,</p><ol><li>APRUEBA las modificaciones del Reglamento "
            "General y del Reglamento Interno de la Asamblea General que figuran en el anexo de "
            "la presente resolución;</li><li>DECIDE que entren en vigor al término de la "
            "presente reunión;</li><li>PIDE a la Secretaría General que publique los textos "
            "modificados en los cuatro idiomas de trabajo.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><p>وقد نظرت في تقرير الفريق العامل المعني "
            "بالحوكمة،</p><ol><li>تعتمد التعديلات على النظام العام وعلى النظام الداخلي "
            "للجمعية العامة الواردة في ملحق هذا القرار؛</li><li>تقرر أن تدخل هذه التعديلات "
            "حيز النفاذ عند اختتام هذه الدورة؛</li><li>تطلب إلى الأمانة العامة نشر النصوص "
            "المعدلة باللغات الأربع للعمل.</li></ol>",
        },
    },
    {
        "key": "data",
        "agenda": "7.1",
        "sponsors": ["DE", "JP", "MA"],
        "rule": "two_thirds_present_voting",
        "vote": {"method": "recorded", "yes": 144, "no": 6, "abstain": 12},
        "closed_at": (2023, 11, 30, 15, 30),
        "title": {
            "en": "Amendments to the Rules on the Processing of Data",
            "fr": "Modifications du Règlement sur le traitement des données",
            "es": "Modificaciones del Reglamento sobre el Tratamiento de Datos",
            "ar": "تعديلات على قواعد معالجة البيانات",
        },
        "text": {
            "en": "<p>The General Assembly,</p><p>MINDFUL that police cooperation depends on "
            "the quality of the data exchanged and on the protection of personal data,</p>"
            "<ol><li>ADOPTS the amendments to the Rules on the Processing of Data set out in "
            "the appendix, concerning the review of data, retention periods and access by "
            "national entities;</li><li>INVITES member countries to review their data "
            "regularly.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><p>CONSCIENTE que la coopération policière "
            "dépend de la qualité des données échangées et de la protection des données à "
            "caractère personnel,</p><ol><li>ADOPTE les modifications du Règlement sur le "
            "traitement des données figurant en annexe, relatives au réexamen des données, aux "
            "durées de conservation et à l’accès des entités nationales ;</li><li>INVITE les "
            "pays membres à réexaminer régulièrement leurs données.</li></ol>",
            "es": "<p>La Asamblea General,</p><p>CONSCIENTE de que la cooperación policial "
            "depende de la calidad de los datos intercambiados y de la protección de los datos "
            "personales,</p><ol><li>APRUEBA las modificaciones del Reglamento sobre el "
            "Tratamiento de Datos que figuran en el anexo, relativas a la revisión de los "
            "datos, los plazos de conservación y el acceso de las entidades nacionales;</li>"
            "<li>INVITA a los países miembros a revisar periódicamente sus datos.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><p>إذ تدرك أن التعاون الشرطي يتوقف على جودة "
            "البيانات المتبادلة وعلى حماية البيانات الشخصية،</p><ol><li>تعتمد التعديلات على "
            "قواعد معالجة البيانات الواردة في الملحق، المتعلقة بمراجعة البيانات ومدد "
            "الاحتفاظ بها ونفاذ الكيانات الوطنية إليها؛</li><li>تدعو البلدان الأعضاء إلى "
            "مراجعة بياناتها بانتظام.</li></ol>",
        },
    },
    {
        "key": "red_notices",
        "agenda": "7.1",
        "sponsors": ["US", "GB", "EG", "CL"],
        "rule": "simple",
        "vote": {"method": "secret", "yes": 121, "no": 25, "abstain": 9, "invalid": 3},
        "closed_at": (2023, 11, 30, 17, 45),
        "title": {
            "en": "Standards for the publication of Red Notices",
            "fr": "Normes de publication des notices rouges",
            "es": "Normas para la publicación de notificaciones rojas",
            "ar": "معايير نشر النشرات الحمراء",
        },
        "text": {
            "en": "<p>The General Assembly,</p><p>RECALLING that a Red Notice is a request to "
            "locate and provisionally arrest a person pending extradition,</p><ol><li>"
            "ENDORSES the minimum standards for the identifiers and judicial data a Red Notice "
            "must contain;</li><li>REAFFIRMS that requests contrary to Article 3 of the "
            "Constitution are refused;</li><li>REQUESTS the General Secretariat to review "
            "Red Notices that no longer meet these standards.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><p>RAPPELANT qu’une notice rouge est une "
            "demande de localisation et d’arrestation provisoire d’une personne en vue de son "
            "extradition,</p><ol><li>APPROUVE les normes minimales relatives aux éléments "
            "d’identification et aux données judiciaires que doit contenir une notice rouge ;"
            "</li><li>RÉAFFIRME que les demandes contraires à l’article 3 du Statut sont "
            "refusées ;</li><li>DEMANDE au Secrétariat général de réexaminer les notices rouges "
            "qui ne satisfont plus à ces normes.</li></ol>",
            "es": "<p>La Asamblea General,</p><p>RECORDANDO que una notificación roja es una "
            "solicitud de localización y detención provisional de una persona con miras a su "
            "extradición,</p><ol><li>APRUEBA las normas mínimas sobre los datos de "
            "identificación y los datos judiciales que debe contener una notificación roja;"
            "</li><li>REAFIRMA que se deniegan las solicitudes contrarias al artículo 3 del "
            "Estatuto;</li><li>PIDE a la Secretaría General que revise las notificaciones rojas "
            "que ya no cumplan estas normas.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><p>إذ تشير إلى أن النشرة الحمراء طلب لتحديد مكان "
            "شخص وتوقيفه مؤقتًا ريثما يُسلَّم،</p><ol><li>تقر المعايير الدنيا لبيانات الهوية "
            "والبيانات القضائية التي يجب أن تتضمنها النشرة الحمراء؛</li><li>تؤكد من جديد أن "
            "الطلبات المخالفة للمادة 3 من القانون الأساسي تُرفض؛</li><li>تطلب إلى الأمانة "
            "العامة مراجعة النشرات الحمراء التي لم تعد تستوفي هذه المعايير.</li></ol>",
        },
    },
    {
        "key": "budget",
        "agenda": "6.2",
        "sponsors": ["AT"],
        "rule": "simple",
        "vote": {"method": "roll_call", "yes": 149, "no": 3, "abstain": 11, "letter": "D"},
        "closed_at": (2023, 12, 1, 10, 20),
        "financial": {
            "en": "Ordinary budget of EUR 161 million for 2024, funded by the statutory "
            "contributions of member countries.",
            "fr": "Budget ordinaire de 161 millions d’euros pour 2024, financé par les "
            "contributions statutaires des pays membres.",
            "es": "Presupuesto ordinario de 161 millones de euros para 2024, financiado con las "
            "contribuciones estatutarias de los países miembros.",
            "ar": "ميزانية عادية قدرها 161 مليون يورو لعام 2024، تُموَّل من الاشتراكات "
            "النظامية للبلدان الأعضاء.",
        },
        "opinion": {
            "en": "The Executive Committee recommends that the General Assembly approve the "
            "draft budget and programme of activities for 2024.",
            "fr": "Le Comité exécutif recommande à l’Assemblée générale d’approuver le projet de "
            "budget et le programme d’activités pour 2024.",
            "es": "El Comité Ejecutivo recomienda a la Asamblea General que apruebe el proyecto "
            "de presupuesto y el programa de actividades para 2024.",
            "ar": "توصي اللجنة التنفيذية الجمعية العامة بالموافقة على مشروع الميزانية وبرنامج "
            "الأنشطة لعام 2024.",
        },
        "title": {
            "en": "Budget and programme of activities for 2024",
            "fr": "Budget et programme d’activités pour 2024",
            "es": "Presupuesto y programa de actividades para 2024",
            "ar": "الميزانية وبرنامج الأنشطة لعام 2024",
        },
        "text": {
            "en": "<p>The General Assembly,</p><p>HAVING EXAMINED the draft budget for 2024 "
            "and the opinion of the Executive Committee,</p><ol><li>APPROVES the programme of "
            "activities for 2024;</li><li>APPROVES the budget for 2024 as presented in the "
            "appendix;</li><li>AUTHORIZES the Secretary General to make the transfers between "
            "budget lines that the programme requires.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><p>AYANT EXAMINÉ le projet de budget pour 2024 "
            "et l’avis du Comité exécutif,</p><ol><li>APPROUVE le programme d’activités pour "
            "2024 ;</li><li>APPROUVE le budget pour 2024 tel qu’il figure en annexe ;</li>"
            "<li>AUTORISE le Secrétaire général à procéder aux virements entre lignes "
            "budgétaires qu’exige le programme.</li></ol>",
            "es": "<p>La Asamblea General,</p><p>HABIENDO EXAMINADO el proyecto de presupuesto "
            "para 2024 y el dictamen del Comité Ejecutivo,</p><ol><li>APRUEBA el programa de "
            "actividades para 2024;</li><li>APRUEBA el presupuesto para 2024 tal como figura "
            "en el anexo;</li><li>AUTORIZA al Secretario General a efectuar las transferencias "
            "entre partidas presupuestarias que requiera el programa.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><p>وقد درست مشروع الميزانية لعام 2024 ورأي اللجنة "
            "التنفيذية،</p><ol><li>توافق على برنامج الأنشطة لعام 2024؛</li><li>توافق على "
            "ميزانية عام 2024 على النحو الوارد في الملحق؛</li><li>تأذن للأمين العام بإجراء "
            "التحويلات بين بنود الميزانية التي يقتضيها البرنامج.</li></ol>",
        },
    },
    {
        "key": "rejected",
        "agenda": "7",
        "sponsors": ["VE"],
        "rule": "simple",
        "vote": {"method": "show_of_hands", "yes": 31, "no": 102, "abstain": 22},
        "closed_at": (2023, 11, 30, 10, 10),
        "title": {
            "en": "Holding the General Assembly every two years",
            "fr": "Tenue de l’Assemblée générale tous les deux ans",
            "es": "Celebración de la Asamblea General cada dos años",
            "ar": "عقد الجمعية العامة كل سنتين",
        },
        "text": {
            "en": "<p>The General Assembly,</p><ol><li>DECIDES that its ordinary sessions "
            "shall henceforth be held every two years;</li><li>REQUESTS the Executive "
            "Committee to propose the amendments this requires.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><ol><li>DÉCIDE que ses sessions ordinaires se "
            "tiendront désormais tous les deux ans ;</li><li>DEMANDE au Comité exécutif de "
            "proposer les modifications que cela exige.</li></ol>",
            "es": "<p>La Asamblea General,</p><ol><li>DECIDE que sus reuniones ordinarias se "
            "celebren en adelante cada dos años;</li><li>PIDE al Comité Ejecutivo que proponga "
            "las modificaciones necesarias.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><ol><li>تقرر أن تُعقد دوراتها العادية من الآن "
            "فصاعدًا كل سنتين؛</li><li>تطلب إلى اللجنة التنفيذية اقتراح التعديلات التي "
            "يقتضيها ذلك.</li></ol>",
        },
    },
    {
        "key": "withdrawn",
        "agenda": "11.1",
        "sponsors": ["IT", "ES"],
        "rule": "simple",
        "vote": None,
        "title": {
            "en": "Working group on the tracing of virtual assets",
            "fr": "Groupe de travail sur le traçage des actifs virtuels",
            "es": "Grupo de trabajo sobre el rastreo de activos virtuales",
            "ar": "فريق عامل معني بتعقب الأصول الافتراضية",
        },
        "text": {
            "en": "<p>The General Assembly,</p><ol><li>DECIDES to set up a working group on "
            "the tracing and seizure of virtual assets.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><ol><li>DÉCIDE de créer un groupe de travail "
            "sur le traçage et la saisie des actifs virtuels.</li></ol>",
            "es": "<p>La Asamblea General,</p><ol><li>DECIDE crear un grupo de trabajo sobre el "
            "rastreo y la incautación de activos virtuales.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><ol><li>تقرر إنشاء فريق عامل معني بتعقب الأصول "
            "الافتراضية وحجزها.</li></ol>",
        },
        "withdraw_reason": "The sponsors merged their proposal into the report on emerging "
        "technologies.",
    },
]

GOVERNANCE_AMENDMENTS = [
    # distance, sponsor, outcome ("accepted" by the sponsors, "adopted" by vote, "lapsed"),
    # the operative paragraph it rewrites, the amendment as proposed, the paragraph's new wording
    (
        3,
        "NG",
        "adopted",
        2,
        {
            "en": "<p>In paragraph 2, replace “at the close of this session” by “on 1 January "
            "2024”.</p>",
            "fr": "<p>Au paragraphe 2, remplacer « à la clôture de la présente session » par "
            "« le 1er janvier 2024 ».</p>",
            "es": "<p>En el párrafo 2, sustitúyase «al término de la presente reunión» por «el "
            "1 de enero de 2024».</p>",
            "ar": "<p>في الفقرة 2، يُستعاض عن عبارة «عند اختتام هذه الدورة» بعبارة «في 1 "
            "كانون الثاني/يناير 2024».</p>",
        },
        {
            "en": "DECIDES that they enter into force on 1 January 2024;",
            "fr": "DÉCIDE qu’elles entrent en vigueur le 1er janvier 2024 ;",
            "es": "DECIDE que entren en vigor el 1 de enero de 2024;",
            "ar": "تقرر أن تدخل هذه التعديلات حيز النفاذ في 1 كانون الثاني/يناير 2024؛",
        },
    ),
    (
        2,
        "CH",
        "lapsed",
        2,
        {
            "en": "<p>In paragraph 2, replace “at the close of this session” by “on 1 July "
            "2024”.</p>",
            "fr": "<p>Au paragraphe 2, remplacer « à la clôture de la présente session » par "
            "« le 1er juillet 2024 ».</p>",
            "es": "<p>En el párrafo 2, sustitúyase «al término de la presente reunión» por «el "
            "1 de julio de 2024».</p>",
            "ar": "<p>في الفقرة 2، يُستعاض عن عبارة «عند اختتام هذه الدورة» بعبارة «في 1 "
            "تموز/يوليو 2024».</p>",
        },
        {
            "en": "DECIDES that they enter into force on 1 July 2024;",
            "fr": "DÉCIDE qu’elles entrent en vigueur le 1er juillet 2024 ;",
            "es": "DECIDE que entren en vigor el 1 de julio de 2024;",
            "ar": "تقرر أن تدخل هذه التعديلات حيز النفاذ في 1 تموز/يوليو 2024؛",
        },
    ),
    (
        1,
        "JO",
        "accepted",
        3,
        {
            "en": "<p>In paragraph 3, add “and on the Organization’s website” after “working "
            "languages”.</p>",
            "fr": "<p>Au paragraphe 3, ajouter « et sur le site web de l’Organisation » après "
            "« langues de travail ».</p>",
            "es": "<p>En el párrafo 3, añádase «y en el sitio web de la Organización» después "
            "de «idiomas de trabajo».</p>",
            "ar": "<p>في الفقرة 3، تُضاف عبارة «وعلى الموقع الإلكتروني للمنظمة» بعد عبارة "
            "«باللغات الأربع للعمل».</p>",
        },
        {
            "en": "REQUESTS the General Secretariat to publish the amended texts in the four "
            "working languages and on the Organization’s website.",
            "fr": "DEMANDE au Secrétariat général de publier les textes modifiés dans les quatre "
            "langues de travail et sur le site web de l’Organisation.",
            "es": "PIDE a la Secretaría General que publique los textos modificados en los "
            "cuatro idiomas de trabajo y en el sitio web de la Organización.",
            "ar": "تطلب إلى الأمانة العامة نشر النصوص المعدلة باللغات الأربع للعمل وعلى "
            "الموقع الإلكتروني للمنظمة.",
        },
    ),
]

# Members whose arrears suspend their vote at the 91st session (GR 52), and one waived.
SUSPENDED_91 = ["CF", "SO", "SS"]
WAIVED_91 = ["HT"]
# Members without a delegation with accepted credentials at the 91st session in the demo.
ABSENT_91 = [
    "AG",
    "BB",
    "BZ",
    "DM",
    "GD",
    "KN",
    "LC",
    "VC",
    "SX",
    "AW",
    "CW",
    "KI",
    "MH",
    "FM",
    "NR",
    "PW",
    "SB",
    "TO",
    "VU",
    "WS",
    "ER",
    "GQ",
    "ST",
    "KM",
    "LR",
    "TL",
]

# The 90th session (New Delhi, 2022): a few resolutions adopted by consensus so that the archive
# is not empty. Demonstration data, and their titles say so; not the official texts.
DRAFTS_90 = [
    {
        "key": "online-fraud",
        "agenda": "5",
        "sponsors": ["IN", "SG", "GB"],
        "rule": "simple",
        "vote": {"method": "consensus"},
        "closed_at": (2022, 10, 20, 11, 30),
        "title": {
            "en": "Police cooperation against online financial fraud (demo)",
            "fr": "Coopération policière contre la fraude financière en ligne (démonstration)",
            "es": "Cooperación policial contra el fraude financiero en línea (demostración)",
            "ar": "التعاون الشرطي في مكافحة الاحتيال المالي الإلكتروني (بيانات تجريبية)",
        },
        "text": {
            "en": "<p>The General Assembly, meeting in New Delhi for its 90th session,</p><ol>"
            "<li>ENCOURAGES member countries to share information on online financial fraud "
            "through the Organization’s channels without delay;</li><li>REQUESTS the General "
            "Secretariat to report on this cooperation at its next session.</li></ol>",
            "fr": "<p>L’Assemblée générale, réunie à New Delhi pour sa 90e session,</p><ol>"
            "<li>ENCOURAGE les pays membres à échanger sans délai des informations sur la fraude "
            "financière en ligne par les canaux de l’Organisation ;</li><li>DEMANDE au "
            "Secrétariat général de lui rendre compte de cette coopération à sa prochaine "
            "session.</li></ol>",
            "es": "<p>La Asamblea General, reunida en Nueva Delhi en su 90.ª reunión,</p><ol>"
            "<li>ALIENTA a los países miembros a intercambiar sin demora información sobre el "
            "fraude financiero en línea por los canales de la Organización;</li><li>PIDE a la "
            "Secretaría General que le informe sobre esta cooperación en su próxima "
            "reunión.</li></ol>",
            "ar": "<p>إن الجمعية العامة، المجتمعة في نيودلهي في دورتها التسعين،</p><ol><li>تشجع "
            "البلدان الأعضاء على تبادل المعلومات المتعلقة بالاحتيال المالي الإلكتروني عبر "
            "قنوات المنظمة دون إبطاء؛</li><li>تطلب إلى الأمانة العامة أن تقدم إليها تقريرًا عن "
            "هذا التعاون في دورتها المقبلة.</li></ol>",
        },
    },
    {
        "key": "budget-2023",
        "agenda": "4",
        "sponsors": ["IN"],
        "rule": "simple",
        "vote": {"method": "consensus"},
        "closed_at": (2022, 10, 20, 12, 15),
        "title": {
            "en": "Budget and programme of activities for 2023 (demo)",
            "fr": "Budget et programme d’activités pour 2023 (démonstration)",
            "es": "Presupuesto y programa de actividades para 2023 (demostración)",
            "ar": "الميزانية وبرنامج الأنشطة لعام 2023 (بيانات تجريبية)",
        },
        "text": {
            "en": "<p>The General Assembly,</p><ol><li>APPROVES the budget and the programme of "
            "activities for 2023 as presented by the Secretary General.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><ol><li>APPROUVE le budget et le programme "
            "d’activités pour 2023 tels que présentés par le Secrétaire général.</li></ol>",
            "es": "<p>La Asamblea General,</p><ol><li>APRUEBA el presupuesto y el programa de "
            "actividades para 2023 tal como los ha presentado el Secretario General.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><ol><li>توافق على الميزانية وبرنامج الأنشطة لعام "
            "2023 بالصيغة التي عرضها الأمين العام.</li></ol>",
        },
    },
    {
        "key": "venue-91",
        "agenda": "7",
        "sponsors": ["AT"],
        "rule": "simple",
        "vote": {"method": "consensus"},
        "closed_at": (2022, 10, 21, 11, 0),
        "title": {
            "en": "Venue of the 91st session: Vienna, for the centenary (demo)",
            "fr": "Lieu de la 91e session : Vienne, pour le centenaire (démonstration)",
            "es": "Sede de la 91.ª reunión: Viena, para el centenario (demostración)",
            "ar": "مكان انعقاد الدورة الحادية والتسعين: فيينا بمناسبة المئوية (بيانات تجريبية)",
        },
        "text": {
            "en": "<p>The General Assembly,</p><ol><li>ACCEPTS with thanks the invitation of "
            "Austria to hold its 91st session in Vienna in 2023, a hundred years after the "
            "Organization was created there.</li></ol>",
            "fr": "<p>L’Assemblée générale,</p><ol><li>ACCEPTE avec gratitude l’invitation de "
            "l’Autriche à tenir sa 91e session à Vienne en 2023, cent ans après la création de "
            "l’Organisation dans cette ville.</li></ol>",
            "es": "<p>La Asamblea General,</p><ol><li>ACEPTA con agradecimiento la invitación "
            "de Austria a celebrar su 91.ª reunión en Viena en 2023, cien años después de la "
            "creación de la Organización en esa ciudad.</li></ol>",
            "ar": "<p>إن الجمعية العامة،</p><ol><li>تقبل مع الشكر دعوة النمسا إلى عقد دورتها "
            "الحادية والتسعين في فيينا عام 2023، بعد مئة عام من تأسيس المنظمة فيها.</li></ol>",
        },
    },
]
