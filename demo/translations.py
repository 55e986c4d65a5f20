"""Spanish and Arabic demo content for the Winter Storm Hollis scenario (original text).

Some messages are deliberately left untranslated ("Harbor Bridge closed", "Trash and
recycling paused" ...) so the demo shows the English text with a notice in the reader's
language.
"""

PAGES = {
    "home": {
        "es": ("Ciudad de Port Alder", "Servicios, respuestas y avisos de emergencia para "
               "los residentes de Port Alder."),
        "ar": ("مدينة بورت ألدر", "خدمات وإجابات وتنبيهات طوارئ لسكان بورت ألدر."),
    },
    "hub": {
        "es": ("Tormenta invernal Hollis: actualizaciones",
               "<p>Nieve intensa y hielo en todo Port Alder. Esta página tiene la información "
               "verificada más reciente de la ciudad.</p>"),
        "ar": ("العاصفة الشتوية هوليس: آخر المستجدات",
               "<p>ثلوج كثيفة وجليد في أنحاء بورت ألدر. تضم هذه الصفحة أحدث المعلومات "
               "الموثقة من المدينة.</p>"),
    },
}

KEY_ACTIONS = {
    "es": [("Hierva el agua del grifo en East Hill y Harbor", "Un minuto completo a punto de hervor."),
           ("Vaya a un centro de calentamiento si su casa está por debajo de 55 °F (13 °C)",
            "Centro Comunitario Millbrook y Salón Recreativo Eastside, abiertos las 24 horas."),
           ("Saque su auto de las rutas de nieve",
            "Estacionamiento gratuito en los garajes de Quay Street y Civic Center.")],
    "ar": [("اغلوا ماء الصنبور في إيست هيل وهاربر", "دقيقة كاملة على درجة الغليان."),
           ("توجهوا إلى مركز تدفئة إذا انخفضت حرارة المنزل عن 55 درجة فهرنهايت (13 درجة مئوية)",
            "مركز ميلبروك المجتمعي وقاعة إيستسايد الترفيهية، مفتوحان على مدار الساعة."),
           ("انقلوا سياراتكم من طرق الثلج",
            "وقوف مجاني في مرآبي كواي ستريت وسيفيك سنتر.")],
}

# English headline -> language -> (headline, body, say, ask, escalate, social, sms)
MESSAGES = {
    "Boil water notice for East Hill and Harbor": {
        "es": ("Aviso de hervir el agua en East Hill y Harbor",
               "<p>Hierva el agua del grifo durante un minuto antes de beberla o cocinar en "
               "East Hill y el distrito Harbor. Agua embotellada gratis en el Centro "
               "Comunitario Millbrook y la Biblioteca Harbor.</p>",
               "East Hill y Harbor están bajo aviso de hervir el agua. Hierva el agua un minuto "
               "completo antes de beber, cocinar o cepillarse los dientes.",
               "Pregunte la calle para confirmar si está en la zona del aviso.",
               "Transfiera a Salud Pública (555-0130) si alguien enfermó por beber agua del grifo.",
               "AVISO: hierva el agua en East Hill y Harbor 1 minuto antes de beber o cocinar. "
               "Agua gratis en Centro Comunitario Millbrook y Biblioteca Harbor, 8am-8pm.",
               "Port Alder: Hierva el agua 1 min en East Hill y Harbor. Agua gratis: Millbrook "
               "y Biblioteca Harbor 8am-8pm."),
        "ar": ("تنبيه بغلي الماء في إيست هيل وهاربر",
               "<p>اغلوا ماء الصنبور لمدة دقيقة قبل الشرب أو الطهي في إيست هيل وحي هاربر. "
               "مياه معبأة مجانية في مركز ميلبروك المجتمعي ومكتبة هاربر.</p>",
               "يخضع إيست هيل وهاربر لتنبيه بغلي الماء. اغلوا الماء دقيقة كاملة قبل الشرب أو "
               "الطهي أو تنظيف الأسنان.",
               "اسألوا عن اسم الشارع للتأكد من أنه ضمن منطقة التنبيه.",
               "حوّلوا المتصل إلى الصحة العامة (555-0130) إذا مرض أحد بعد شرب ماء الصنبور.",
               "تنبيه: اغلوا الماء دقيقة في إيست هيل وهاربر قبل الشرب أو الطهي. مياه مجانية في "
               "مركز ميلبروك ومكتبة هاربر من 8 صباحا حتى 8 مساء.",
               "بورت ألدر: اغلوا الماء دقيقة في إيست هيل وهاربر. مياه مجانية في ميلبروك ومكتبة "
               "هاربر."),
    },
    "Winter Storm Hollis: snow emergency declared": {
        "es": ("Tormenta invernal Hollis: emergencia por nieve",
               "<p>Hay una emergencia por nieve. No estacione en las rutas de nieve. No viaje "
               "salvo que sea imprescindible.</p>",
               "Hay una emergencia por nieve. No se permite estacionar en las rutas de nieve "
               "señalizadas; los autos se remolcan al 900 de Pier Road.",
               "Pregunte si el vehículo está en una ruta de nieve.",
               "Escale al Centro de Operaciones de Emergencia si hay conductores atrapados.",
               "EMERGENCIA POR NIEVE en Port Alder: no estacione en rutas de nieve, habrá grúas. "
               "Estacionamiento gratis en garajes Quay St y Civic Center.",
               "Port Alder: Emergencia por nieve. No estacione en rutas de nieve."),
        "ar": ("العاصفة الشتوية هوليس: إعلان حالة طوارئ ثلجية",
               "<p>حالة طوارئ ثلجية سارية. يُمنع الوقوف على طرق الثلج. لا تسافروا إلا للضرورة."
               "</p>",
               "حالة طوارئ ثلجية سارية. يُمنع الوقوف على طرق الثلج المعلَّمة وتُسحب السيارات إلى "
               "900 شارع بيير.",
               "اسألوا إن كانت السيارة على أحد طرق الثلج.",
               "صعّدوا إلى مركز عمليات الطوارئ إذا علق سائقون.",
               "طوارئ ثلجية في بورت ألدر: يمنع الوقوف على طرق الثلج وستسحب السيارات. وقوف مجاني "
               "في مرآبي كواي ستريت وسيفيك سنتر.",
               "بورت ألدر: طوارئ ثلجية. يمنع الوقوف على طرق الثلج."),
    },
    "Warming centers open 24 hours": {
        "es": ("Centros de calentamiento abiertos las 24 horas",
               "<p>El Centro Comunitario Millbrook y el Salón Recreativo Eastside están abiertos "
               "día y noche con calefacción, comidas, catres y carga de teléfonos.</p>",
               "Los centros de calentamiento están abiertos las 24 horas. Se admiten mascotas en "
               "Millbrook. Podemos reservar un viaje gratis ahora.",
               "Pregunte si necesita transporte y si lleva mascota o equipo médico.",
               "Llame al 911 si la persona corre peligro por el frío.",
               "Centros de calentamiento abiertos 24/7: Millbrook y Eastside. Calefacción, "
               "comidas, catres. ¿Necesita transporte? Llame al 311.",
               "Port Alder: Centros de calentamiento 24/7 en Millbrook y Eastside."),
        "ar": ("مراكز التدفئة مفتوحة على مدار الساعة",
               "<p>مركز ميلبروك المجتمعي وقاعة إيستسايد الترفيهية مفتوحان ليلا ونهارا مع "
               "التدفئة والوجبات والأسرّة وشحن الهواتف.</p>",
               "مراكز التدفئة مفتوحة على مدار الساعة. الحيوانات الأليفة مسموحة في ميلبروك. "
               "يمكننا حجز توصيلة مجانية الآن.",
               "اسألوا إن كان المتصل يحتاج إلى توصيلة أو معه حيوان أليف أو معدات طبية.",
               "اتصلوا بـ 911 إذا كان الشخص في خطر بسبب البرد.",
               "مراكز التدفئة مفتوحة 24/7: ميلبروك وإيستسايد. تدفئة ووجبات وأسرّة. تحتاجون "
               "توصيلة؟ اتصلوا بـ 311.",
               "بورت ألدر: مراكز التدفئة مفتوحة 24/7 في ميلبروك وإيستسايد."),
    },
}

MESSAGES["Carbon monoxide warning"] = {
    "es": ("Alerta de monóxido de carbono",
           "<p>Nunca caliente su casa con la estufa, el horno o una parrilla. El monóxido de "
           "carbono puede matar. Salga al aire libre y llame al 911 si se siente mareado o "
           "enfermo.</p>",
           "Nunca use el horno, una parrilla o un generador dentro de casa para calentarse. Si "
           "alguien se siente mareado, enfermo o confundido, que salga y llame al 911.",
           "Pregunte si alguien en la casa tiene dolor de cabeza, mareo o náuseas ahora.",
           "Si hay síntomas ahora: transfiera al 911 de inmediato.",
           "Cuidado con el monóxido de carbono: nunca use parrillas, hornos ni generadores para "
           "calentar su casa. ¿Mareos? Salga y llame al 911.",
           "Port Alder: No caliente su casa con parrilla, horno o generador. ¿Síntomas? Salga y "
           "llame al 911."),
    "ar": ("تحذير من أول أكسيد الكربون",
           "<p>لا تدفئوا منازلكم أبدا بالموقد أو الفرن أو الشواية. غاز أول أكسيد الكربون قد "
           "يقتل. اخرجوا إلى الهواء الطلق واتصلوا بـ 911 إذا شعرتم بدوار أو مرض.</p>",
           "لا تستخدموا الفرن أو الشواية أو المولّد داخل المنزل للتدفئة. إذا شعر أحد بدوار أو "
           "مرض أو ارتباك فليخرج ويتصل بـ 911.",
           "اسألوا إن كان أحد في المنزل يعاني الآن من صداع أو دوار أو غثيان.",
           "إذا ظهرت أعراض الآن: حوّلوا المتصل إلى 911 فورا.",
           "احذروا أول أكسيد الكربون: لا تستخدموا الشوايات أو الأفران أو المولدات لتدفئة المنزل. "
           "دوار؟ اخرجوا واتصلوا بـ 911.",
           "بورت ألدر: لا تدفئوا المنزل بالشواية أو الفرن أو المولد. أعراض؟ اخرجوا واتصلوا بـ "
           "911."),
}

# English question -> language -> (question, slug, short answer, answer)
FAQS = {
    "Is the tap water safe to drink?": {
        "es": ("¿Es seguro beber el agua del grifo?", "es-seguro-beber-el-agua-del-grifo",
               "No en la zona del aviso. Hierva el agua del grifo un minuto completo antes de "
               "beber, cocinar o cepillarse los dientes.",
               "Hay un aviso de hervir el agua en East Hill y Harbor tras una pérdida de presión. "
               "Hierva el agua un minuto y deje que se enfríe. El agua embotellada también es "
               "segura."),
        "ar": ("هل ماء الصنبور آمن للشرب؟", "hal-maa-alsunbur-aamin",
               "ليس في منطقة التنبيه. اغلوا ماء الصنبور دقيقة كاملة قبل الشرب أو الطهي أو "
               "تنظيف الأسنان.",
               "يسري تنبيه بغلي الماء في إيست هيل وهاربر بعد انخفاض الضغط. اغلوا الماء دقيقة "
               "واتركوه يبرد. المياه المعبأة آمنة أيضا."),
    },
    "Where is the nearest warming center?": {
        "es": ("¿Dónde está el centro de calentamiento más cercano?",
               "donde-esta-el-centro-de-calentamiento",
               "El Centro Comunitario Millbrook y el Salón Recreativo Eastside abren las 24 "
               "horas, con electricidad, comida y catres.",
               "Centros de calentamiento: Centro Comunitario Millbrook (14 Millbrook Road) y "
               "Salón Recreativo Eastside (31 Lantern Street), abiertos las 24 horas."),
        "ar": ("أين أقرب مركز تدفئة؟", "ayna-aqrab-markaz-tadfia",
               "مركز ميلبروك المجتمعي وقاعة إيستسايد الترفيهية مفتوحان على مدار الساعة مع "
               "الكهرباء والطعام والأسرّة.",
               "مراكز التدفئة: مركز ميلبروك المجتمعي (14 طريق ميلبروك) وقاعة إيستسايد الترفيهية "
               "(31 شارع لانترن)، مفتوحة على مدار الساعة."),
    },
    "Where can I get free bottled water?": {
        "es": ("¿Dónde consigo agua embotellada gratis?", "donde-consigo-agua-embotellada-gratis",
               "Se reparte agua gratis en el Centro Comunitario Millbrook y la Biblioteca Harbor, "
               "de 8 a. m. a 8 p. m.",
               "Recoja agua gratis en el Centro Comunitario Millbrook y la Biblioteca Harbor de "
               "8 a. m. a 8 p. m. Máximo dos cajas por hogar."),
        "ar": ("أين أحصل على مياه معبأة مجانية؟", "ayna-ahsul-ala-miyah-mujaniya",
               "توزَّع المياه مجانا في مركز ميلبروك المجتمعي ومكتبة هاربر من 8 صباحا حتى 8 مساء.",
               "استلموا المياه المجانية من مركز ميلبروك المجتمعي ومكتبة هاربر من 8 صباحا حتى "
               "8 مساء. صندوقان كحد أقصى لكل أسرة."),
    },
    "Who do I call when the power is out?": {
        "es": ("¿A quién llamo si se corta la luz?", "a-quien-llamo-si-se-corta-la-luz",
               "Reporte los cortes a Alder Electric al 555-0190. El 311 le conecta con centros "
               "de calentamiento.",
               "Las líneas eléctricas son de Alder Electric. Reporte cortes al 555-0190. Llame "
               "al 311 para centros de calentamiento y revisiones de bienestar."),
        "ar": ("بمن أتصل عند انقطاع الكهرباء؟", "biman-attasil-inda-inqita-alkahraba",
               "أبلغوا عن الانقطاع لشركة ألدر للكهرباء على 555-0190. يوصلكم 311 بمراكز التدفئة.",
               "خطوط الكهرباء تتبع شركة ألدر. أبلغوا عن الانقطاع على 555-0190 واتصلوا بـ 311 "
               "لمراكز التدفئة والاطمئنان على الجيران."),
    },
}

TOPIC_PAGES = {
    "Trash and recycling": {"es": "Basura y reciclaje", "ar": "القمامة وإعادة التدوير"},
    "Water and sewer": {"es": "Agua y alcantarillado", "ar": "المياه والصرف الصحي"},
    "Power and heat": {"es": "Electricidad y calefacción", "ar": "الكهرباء والتدفئة"},
    "Roads and snow": {"es": "Calles y nieve", "ar": "الطرق والثلوج"},
    "Shelters": {"es": "Refugios", "ar": "الملاجئ"},
    "Health and safety": {"es": "Salud y seguridad", "ar": "الصحة والسلامة"},
    "Transit": {"es": "Transporte público", "ar": "النقل العام"},
    "Pets and animals": {"es": "Mascotas y animales", "ar": "الحيوانات الأليفة والحيوانات"},
    "Parks": {"es": "Parques", "ar": "الحدائق"},
}
