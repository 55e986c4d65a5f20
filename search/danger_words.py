"""The words of search.danger: what counts as a life-threatening emergency in a resident's
search, and the everyday phrases that share its words but are not one.

Patterns are matched on the query in two spellings (search.danger.renderings): letters
joined (lower case, Latin accents dropped, one Arabic spelling per letter) and, in Arabic,
also with everyday words put in standard form by search.arabic (دايخ -> دوار). Written for
phone typing: no accents, no hamza, ة as ه, dialect, the usual typos. A false alarm costs a
box the reader scrolls past; a miss can cost a life, so patterns lean broad, and only
phrases plainly about something else (a detector to buy, a fire drill, "prices are on
fire") are let off.
"""

import re

from .arabic import normalize as normalize_arabic_word

# Carbon monoxide's signs (dizzy, headache, sick, sleepy) within a few words of what burns
# fuel indoors (heater, stove, generator, furnace, charcoal), in either order. Arabic words
# are written as residents type them and matched as search.arabic.normalize spells them
# (it turns dialect into standard words: دايخ -> دوار, الدفايه -> المدفاه).
_SYMPTOM_WORDS = ("dizzy|dizziness|headaches?|nause\\w*|light ?headed|sleepy|drowsy|"
                  "vomit\\w*|throwing up|passing out|passed out|fainted|won'?t wake|"
                  "can'?t wake|unconscious|"
                  "mare\\w*|dolor de cabeza|me duele la cabeza|somnolient\\w*|mucho sueno|"
                  "desmay\\w*|no (se )?despierta\\w*|inconsciente\\w*|confundid\\w*|"
                  "media dormid\\w*|confus\\w*")
_SYMPTOM_ARABIC = ("دايخ", "دايخه", "دايخين", "داخ", "دوخه", "دوخني", "دوار", "صداع",
                   "وجع راس", "وجع الراس", "راسي بيوجعني", "بيوجعني راسي", "راسي يوجعني",
                   "غثيان", "عيان", "عيانين", "تعبانين", "نعسانين", "يرجعون", "بيرجعوا",
                   "يستفرغون", "استفراغ", "ترجيع", "بيستفرغ", "يستفرغ", "اغمي", "اغمى", "مغمي",
                   "فاقد الوعي", "فاقده الوعي", "ما بيصحوا", "ما يصحوا", "مش بيصحوا",
                   "ما بيصحى", "ما يصحى", "مش بيصحى", "ما بيفيقوا", "ما يفيقون")
_HEATER_WORDS = ("heaters?|heating|furnace|stove|generators?|grill|charcoal|fireplace|boiler|"
                 "cars? (is |was )?(running|on|idling)( in)?( the| a)?( closed)? garage|"
                 "propane|kerosene|camp stove|oven|horno|"
                 "carro prendido en el garaje|parrilla|planta electrica|"
                 "calentador\\w*|calefaccion|calefactor\\w*|estufa\\w*|generador\\w*|"
                 "planta de luz|anafre|brasero|carbon")
_HEATER_ARABIC = ("دفايه", "الدفايه", "دفايات", "صوبه", "الصوبه", "صوبيا", "مدفاه", "المدفاه",
                  "سخان", "مولد", "مولده", "موتور", "كانون", "فحم", "منقل", "شوفاج", "فرن", "غاز الطبخ",
                  "السياره شغاله بالكراج")


def _either(latin, arabic):
    """Latin words between word boundaries, or Arabic words (as typed and as normalised)
    standing alone or behind و/ف/ب/ل and the article ("والصوبه", "بالمولد")."""
    spelled = sorted({" ".join(normalize_arabic_word(w) for w in word.split()) for word in arabic}
                     | set(arabic), key=len, reverse=True)
    return (rf"(\b({latin})\b|(?<!\S)[وفبل]?(ال)?({'|'.join(re.escape(w) for w in spelled)})(?!\S))")


_SYMPTOM = _either(_SYMPTOM_WORDS, _SYMPTOM_ARABIC)
_HEATER = _either(_HEATER_WORDS, _HEATER_ARABIC)
SYMPTOMS_NEAR_HEATER = rf"{_SYMPTOM}.{{0,80}}{_HEATER}|{_HEATER}.{{0,80}}{_SYMPTOM}"

# Fumes or exhaust of what burns fuel, said without a symptom: "my neighbor's generator
# fumes come into my flat" (an accessibility probe's English question got the generator
# safety FAQ and no 911; the same words in Spanish and Arabic said "smoke" and got it).
_FUMES = _either("fumes?|exhaust|gases|escape|humos?|emanaciones",
                 ("عادم", "عوادم", "غازات", "انبعاثات"))
FUMES_OF_A_HEATER = (rf"{_FUMES}.{{0,40}}{_HEATER}|{_HEATER}.{{0,40}}{_FUMES}|"
                     r"(ريحه|رائحه|ريحت|رايحه)\s+(ال)?(مولد|مولده|موتور)")

# Each kind: patterns in normalised text (lower case, Latin accents dropped, Arabic
# spellings joined by search.arabic.normalize, punctuation as spaces).
PATTERNS = {
    "carbon_monoxide": [
        # English
        r"\bcarbon monoxide\b", r"\bmon[oi]x\w*\b",
        r"\bco2? (alarm|detector|alert|poisoning|sensor|monitor)s?\b",
        r"\bcarbon (alarm|detector)s?\b",
        # Spanish: "alarma de monoxido", "detector de co", "intoxicacion por monoxido"
        r"\bmonoxido\b", r"\b(alarma|detector|sensor)\w* (de|del) (co|carbono)\b",
        # Arabic: "اول اكسيد الكربون", "مونوكسيد", "انذار الكربون"
        r"اكسيد (ال)?كربون", r"مونوكسيد", r"(انذار|جهاز|كاشف|حساس)\w*\s+(\w+\s+)?(ال)?كربون",
        # Its signs beside what makes it, as a resident says it without naming the gas:
        # "dizzy with the heater on", "mareado con el calentador", "دايخ من الدفايه".
        SYMPTOMS_NEAR_HEATER, FUMES_OF_A_HEATER,
        r"\b(car|truck|engine) exhaust\b.{0,30}\b(in|into|inside)\b",
        # a running car in a closed garage with someone in it, however it is said
        r"\b(running|on|idling)\b.{0,25}\b(closed|shut) garage\b.{0,50}\b(inside|in it|asleep|sleeping)\b",
        r"\b(carro|auto|coche|camioneta) (prendido|encendido|en marcha)\b.{0,30}\bgaraje\b.{0,40}"
        r"\b(adentro|dentro|dormid\w*)\b",
        r"(سياره|سيارة|عربيه)\s+شغال\w*.{0,30}(كراج|جراج|مراب).{0,40}(نايم|نايمه|جوه|جوا|فيها|داخل)",
    ],
    "gas": [
        r"\bgas+ (smell|leak|leaking|odou?r)s?\b", r"\bsmell\w* (of |like )?(natural )?gas\b",
        r"\bleak\w* gas\b", r"\brotten eggs? smell", r"\bsmel\w* (of |like )?rotten eggs?\b",
        r"\bgas\b.{0,20}\bsmel\w*", r"\bsmel\w* (of |like )?(natural )?gas\b",
        r"\bhiss\w*\b.{0,30}\bgas\b|\bgas\b.{0,30}\bhiss\w*",
        # Spanish: "huele a gas", "olor a gas", "fuga de gas", "se sale el gas"
        r"\b(huele|huelo|guele|guelo|oler|olor|olores|huel\w+)( a| de| como a)? ga[sz]\b",
        r"\b(fuga|fugas|escape|salida) de ga[sz]\b",
        r"\b(sale|salir|escapa|esta saliendo|se sale|se escapa) (el )?gas\b",
        r"\bhuevos? podridos?\b", r"\bsilb\w*\b.{0,30}\bgas\b|\bgas\b.{0,30}\bsilb\w*",
        # Arabic: "ريحة غاز", "رائحة الغاز", "تسرب غاز", "الغاز بيسرب"
        r"(ريحه|رائحه|رايحه|ريحت|ريح|ريحة)\s+(ال)?(غاز|بوطه|بوطة|جره|جرة)",
        r"(فش|فشش|صفير|تصفير|صوت)\s+.{0,25}(ال)?(غاز|جره|بوطه)",
        r"(تسرب|تسريب|يسرب|بيسرب|مسرب)\w*\s+(ال)?غاز",
        r"(ال)?غاز\s+(بيسرب|يسرب|تسرب|مسرب|طالع|بيطلع|عم يسرب)", r"(شام|شايم|بشم|اشم)\w*\s+(\w+\s+)?(ال)?غاز",
        # rotten eggs, a hissing cylinder, a gas alarm, gas poisoning, a leaking butane bottle
        r"بيض\s+(خربان|فاسد|بايظ|بايض|معفن|عفن|خايس|مخمج)", 
        r"(ال)?(جره|جرة|قنينه|انبوبه|بوطه|بوطة)\w*\s+(\w+\s+)?(ال)?(غاز\s+)?"
        r"\w{0,3}(صفر|تسرب|سرب|يسرب|تصفر)",
        r"(حساس|كاشف|انذار|جهاز)\w*\s+(ال)?غاز\s+(عم\s+|قاعد\s+)?\w{0,3}"
        r"(صفر|يصفر|بيصفر|يرن|بيرن|يزمر|بيزمر|شغال)",
        r"(خنقه|خنقة|اختناق|مخنوق)\w*\s+(من|ب)\s*(ال)?غاز",
        r"(تسمم|اختناق)\w*\s+(ب)?(ال)?غاز", r"(ال)?(بوطه|بوطة)\s+\w{0,3}تسرب",
    ],
    "fire": [
        r"\bfires?\b", r"\bon fire\b", r"\bflames?\b", r"\b(is|are|'s|something) burning\b",
        r"\bburning (smell|house|home|building|car|apartment|wire|wires)\b", r"\bsmell\w* burning\b",
        r"\bsmell\w* (of )?smoke\b", r"\bsmoke (in|coming|from|filling|everywhere|inside|en)\b",
        r"\bfill\w* (up )?with smoke\b", r"\btrapped\b.{0,20}\bsmoke\b|\bsmoke\b.{0,20}\btrapped\b",
        r"\b(smoke|fire) alarm\w* (going off|sounding|beeping|won'?t stop)",
        r"\bsmoky\b",
        # Spanish: "incendio", "fuego", "se quema la casa", "hay humo"
        r"\bin[sc]endi\w*\b", r"\bfuego\b", r"\bwildfires?\b", r"\bburning (inside|in)\b",
        r"\b(coge|cogio|cogiendo|agarro|agarrando) candela\b", r"\ben llamas\b",
        r"\bse (esta )?quemando\b", r"\bse (me |le |nos |les )?queman?\b",
        r"\b(outlet|socket|plug|wall|wires?|panel|breaker|appliance|outlets)s? (is |are )?smoking\b",
        r"\bburning (plastic|rubber)\b",
        r"\bhumo\b",
        # Arabic: "حريق", "حرايق", "نار", "دخان", "بيحترق", "ولعت"
        r"حريق", r"حرايق", r"حرائق", r"(^|\s)(ال)?نار(\s|$)", r"دخان", r"دخنه",
        r"حترق", r"احتراق", r"ولعت", r"مولعه", r"شب\s+(ال)?حريق",
        r"(^|\s)(ولع|والع|والعه|ولعان|ولعانه|مولع|بتولع|بيولع|عم تولع|عم يولع)(\s|$)",
        r"(اشتعل|يشتعل|تشتعل|مشتعل|شعلات|تشعلت|تشعل|شاعله|شعلت)",
    ],
    "not_breathing": [
        r"\bnot breathing\b", r"\b(isn'?t|is not|stopped|can'?t|cannot|can not|won'?t) breath(e|ing)\b",
        r"\b(trouble|difficulty|hard time) breathing\b",
        r"\bunconscious\b", r"\bunresponsive\b", r"\bpassed out\b", r"\bno pulse\b",
        r"\b(won'?t|will not|can'?t|isn'?t) wak(e|ing) up\b", r"\bcollapsed\b", r"\bchoking\b",
        # Spanish: "no respira", "no puede respirar", "inconsciente", "se desmayo"
        r"\bno (esta |puede )?respira(r|ndo)?\b", r"\b(deja|dejo) de respirar\b",
        r"\binconsciente\b", r"\bdesmayad[oa]s?\b", r"\bse desmayo\b", r"\bno reacciona\b",
        r"\bno (se )?despierta\w*\b", r"\bsin pulso\b",
        r"\bse (esta |estan )?ahog(a|an|o|ando)\b", r"\bahogandose\b", r"\basfixi\w*\b",
        r"\bno (puedo|puede|podemos|pueden) respirar\b", r"\bsuffocat\w*\b",
        r"\bdrown\w*\b", r"\belectrocut\w*\b", r"\b(turning|turned|is|looks|lips) (blue|purple)\b",
        r"\b(can'?t|cannot|won'?t) wake\b", r"\bcan'?t swim\b", r"\bno sabe nadar\b",
        r"\bno breath\b", r"\bcollaps\w*\b", r"\bnot wak\w*\b", r"\besta (azul|morad[oa])\b",
        r"\bfell (in|into) (the |a )?(river|lake|pool|water|ocean|canal|creek)\b",
        r"\bse cayo\b.{0,20}\b(a|al|en) (la |el )?(alberca|piscina|pileta|rio|lago|agua|mar|canal)\b",
        r"\bdescarga\w* electric\w*", r"\blabios (azules|morados)\b", r"\bno (esta )?breathing\b",
        r"\bno r+espira\w*",
        r"\bnot (responding|moving|waking)\b", r"\b(isn'?t|is not|won'?t) (respond\w*|moving)\b",
        r"\bno (responde|se mueve|reacciona)\b", r"\batragant\w*\b",
        r"\bse (esta |puso |pone |esta poniendo |le puso )?(azul|morad[oa])\b",
        r"\b(poniendo|puso|pone|ponen) (azul|morad[oa])\b",
        # Arabic: "ما بيتنفس", "مش عم يتنفس", "لا يتنفس", "فاقد الوعي", "مغمى عليه"
        r"(^|\s)و?(ما|مش|لا|مو|مب|ما عم|مش عم|ماعم)\s*\w{0,2}تنفس", r"مابيتنفس", r"مابتتنفس",
        # "مش قادر اتنفس", "ما بقدر يتنفس", "مو عارف اتنفس": a negation, a word or two, to breathe
        r"(^|\s)و?(ما|مش|لا|مو|مب|ماني|مانيش|ما بقاش|مابقاش)\s+(\w+\s+){1,2}\w{0,3}تنفس",
        r"(^|\s)و?(ما|مش|مو|لا|مب)\s+(عم\s+)?\w{0,2}[يت](ستجيب|تحرك|صحي|صحا|فيق|فوق)",
        r"(تنفس|نفس)(ه|ها)\s+(غريب|ضعيف|ثقيل|بطيء|بطيي|متقطع|بيتقطع)",
        # "doesn't answer" is a landlord or a phone as often: only beside someone who fell
        r"(طاح|طايح|وقع|واقع|اغمي|مغمي|سقط|ساقط)\w*\s+.{0,20}(ما|مش|مو|لا)\s+\w{0,2}(يرد|بيرد)",
        r"(غايب|غائب|غاب)\w*\s+عن\s+(ال)?وعي", r"(انقطع|وقف)\s+نفس",
        r"(غرقان|غرقانه|بيغرق|يغرق|تغرق|بتغرق|عم يغرق|غرق)(\s|$)",
        r"(اتكهرب|تكهرب|انكهرب|مكهرب|صعق|صعقه|صعقته|انصعق)",
        r"(لونه|لونها|وجهه|وجهها|شفايفه|شفايفها|صار|صارت)\s+(\w+\s+)?(ازرق|زرقا|زرقاء|ازرقت|زرق)",
        r"(^|\s)(ازرق|ازرقت|زرق)\s+و?(ما|مش|لا)",
        r"(شرقان|شرقانه|شرقت|شرق\s+ب|غص|غصان|غصت|مغصوص)",  # "بلعت شي وتختنق": ختنق below
        r"(ضيق|صعوبه|ضيقه)\s+(في\s+|ب)?(ال)?(تنفس|نفس)", r"مخنوق", r"اختناق",
        r"ختنق", r"(بتت|بيت|عم يت|عم تت|يت|تت|ات)خنق",
        r"(ال)?كهرب\w*\s+(ضربت|ضربته|ضربها|مسكت|مسكته|لسعت|لسعته|صعقت|صعقته)",
        r"(توقف|وقف|بطل|انقطع)\w*\s+(عن\s+)?(ال)?تنفس", r"(فاقد|فقد|فاقده|فقدت)\s+(ال)?وعي",
        r"(مغمي|مغما|اغمي|اغما|انغمي)\s+علي", r"(ما|مش|مو)\s+(عم\s+)?(بي|ي|بت|ت)صحي",
    ],
    # a heart attack, a stroke, heavy bleeding
    "medical": [
        r"\bchest (pain|pains|pressure|hurts|tight\w*)\b", r"\bheart attack\b", r"\bstroke\b",
        r"\b(face|mouth|smile) (is )?droop\w*", r"\bslurr\w* (speech|words|talking)\b",
        r"\bbleeding (a lot|heavily|badly|bad|won'?t stop|everywhere)\b",
        r"\b(dolor|presion|duele|aprieta)\b.{0,15}\bpecho\b", r"\binfarto\b",
        r"\bataque (al|de|del) corazon\b", r"\bderrame cerebral\b", r"\bembolia\b",
        r"\bsangra\w* (mucho|demasiado|sin parar)\b", r"\bmucha sangre\b",
        r"(وجع|الم|ضغط|ضيق)\s+(في\s+|ب)?(ال)?صدر", r"صدري\s+\w{0,3}(وجع|يوجع|واجع|يولم)",
        r"(جلطه|سكته|ذبحه)", r"(نزيف|بينزف|ينزف|تنزف)\w*\s+(كتير|كثير|جامد|قوي|بشده|ما\s)",
        # swallowed pills or a poison (a third probe: "my son swallowed a bunch of pills" got
        # "can I shower during a boil-water notice"); taking one's own pills is no emergency
        r"\bswallow\w*\b.{0,30}\b(pills?|tablets?|medicine|medication|meds|bleach|poison|"
        r"antifreeze|detergent|pods?|batter(y|ies)|magnets?|cleaner)\b",
        r"\b(took|taken|take|ate|eaten|drank|drunk)\b.{0,12}\b(too many|a (bunch|lot|handful) of|"
        r"lots of|all (of )?(my|his|her|their|the))\b.{0,15}\b(pills|tablets|meds|medicine|"
        r"medication)\b",
        r"\b(ate|eaten|drank|drunk)\b.{0,20}\b(bleach|rat poison|poison|antifreeze|"
        r"detergent pods?|lye|drain cleaner)\b", r"\boverdos\w*",
        r"\bse (tomo|trago|comio|bebio|tomaron|tragaron)\b.{0,25}\b(pastillas|pildoras|"
        r"medicina\w*|medicamento\w*|cloro|veneno|raticida|anticongelante|detergente|pila\w*)\b",
        r"\bsobredosis\b", r"\benvenenad[oa]s?\b",
        r"(بلع|بلعت|بلعو|بلعوا|ابتلع|ابتلعت)\s+.{0,20}(دوا|دواء|ادويه|حبوب|حبات|حبه|كلور|كلوركس|"
        r"مبيض|سم|بطاريه|بطاريات|فلاش)",
        r"(شرب|شربت|شربو|اكل|اكلت|اكلو)\s+.{0,12}(كلور|كلوركس|مبيض|سم\s|سم$|سم فيران|فلاش)",
        r"(حبوب|حبات|دوا|دواء)\s+(كتير|كثير|كلها|كلو)", r"جرع(ه|ة)\s+زا(ي|ئ)د",
    ],
    # someone who speaks of ending their life: 988 and 911
    "self_harm": [
        r"\b(kill|killing|hurt|hurting|cut|cutting) myself\b", r"\bsuicid\w*", r"\bend(ing)? my life\b",
        r"\b(want|wanna|going|gonna) to die\b", r"\bdon'?t want to (live|be alive)\b",
        r"\bself ?harm\w*",
        r"\b(me quiero|me voy a|quiero|voy a) (matar|morir)\b", r"\bmatarme\b",
        r"\bquitarme la vida\b", r"\bhacerme dano\b", r"\bno quiero (seguir )?vivir\b",
        r"(انتحر|انتحار|بنتحر)", r"(بدي|ابي|ابغي|عايز|عاوز|اريد|حابب)\s+(ا)?موت(\s|$)",
        r"اقتل\s+(حالي|نفسي|روحي)", r"(انهي|اخلص)\s+(على\s+|علي\s+)?(حياتي|نفسي|روحي)",
        r"(ما|مش|مو)\s*(بدي|عايز|عاوز|ابي|اريد|حابب)\s+(ا)?عيش",  # "مابدي عيش", joined
        r"\bend(ing)? it all\b", r"\b(better off|be better) dead\b", r"\bno reason to live\b",
        r"\bno (quiero|kiero) (seguir )?vivir\b", r"\bmejor (estar|estaria) muert[oa]\b",
        r"\bacabar con mi vida\b",
    ],
    "power_line": [
        r"\b(power|electric|electrical|utility|live|hydro) (line|wire|cable|pole)s?\b.{0,25}"
        r"\b(down|fell|fallen|falling|ground|sparking|sparks|road|street|yard|car)\b",
        r"\b(down|downed|fallen|broken) (power |electric |electrical |live )?(line|wire|pole)s?\b",
        r"\b(line|wire)s? (is |are )?down\b", r"\bsparking (wire|line|pole)s?\b",
        r"\btransformer (blew|exploded|blown|explod\w*|on fire|caught fire)\b",
        r"\b(line|wire)s? (is |are )?on the (ground|road|street)\b",
        r"\b(wire|line|cable|transformer|pole)s?\b.{0,30}\bspark\w*|\bspark\w*\b.{0,30}\b(wire|line|cable|transformer|pole)s?\b",
        r"\b(cable|cables|transformador|poste|alambre)\w*\b.{0,30}\bchispe?\w*|\bchispe?\w*\b.{0,30}\b(cable|cables|transformador|poste|alambre)",
        # Spanish: "cable de luz caido", "poste caido", "cables en el suelo"
        r"\b(cable|cables|linea|lineas|alambre|alambres|poste|postes)\b.{0,30}"
        r"\b(caido|caidos|caida|caidas|en el suelo|en el piso|en la calle|tirado|tirados|chispas)\b",
        r"\bse cayo (un |el |una |la )?(cable|poste|linea|alambre)\b",
        # Arabic: "سلك كهربا واقع", "عمود الكهرباء وقع", "اسلاك كهربائيه على الارض"
        r"(سلك|اسلاك|كابل|كيبل|خط|خطوط|عمود|اعمده|شريط)\s+(ال)?كهرب\w*.{0,30}(واقع|وقع|ساقط|سقط|مقطوع|طايح|طاح|الارض|نازل|شرار)",
        r"(وقع|سقط|واقع|طاح|طايح)\w*\s+(ال)?(سلك|عمود|خط|كابل)\w*\s+(ال)?كهرب",
        r"(سلك|اسلاك|كابل|كيبل|واير|وايرات|محول|عمود)\w*\s+.{0,30}(شرار|يشرر|بيشرر|شرر|يطق|بيطق)",
    ],
}

# Phrases that contain a danger word but are plainly not an emergency. Checked on the same
# normalised text; a query that also has another danger phrase still counts.
# Smoke, CO and gas detectors and alarms, and getting, fitting, testing or powering one.
_DETECTOR = (r"(\b(smoke|co|carbon monoxide|monoxide|gas( leak)?|heat) (detector|alarm|sensor)s?\b|"
             r"\b(detector|detectores|alarma|alarmas|sensor\w*) (de|contra) (humo|monoxido( de carbono)?|"
             r"co|gas)\b|(كاشف|حساس|جهاز انذار|انذار|جهاز كشف|اجهزه كشف)\w*\s+"
             r"(ال)?(دخان|غاز|حريق|اول اكسيد (ال)?كربون|كربون))")
_GETTING = (r"(\b(free|buy|buying|purchase|install\w*|batter\w*|program|discount|replace\w*|"
            r"test\w*|where (to|can i) get|gratis|comprar|compra|instal\w*|bateria\w*|pilas?|"
            r"law|laws|required|requirement|landlords?|"
            r"programa|cambiar|reemplaz\w*|donde (consigo|compro)|prob\w*|prueba\w*|revisar|"
            r"ley|leyes|caseros?|obligatori\w*)\b|مجان\w*|بطاري\w*|اركب|تركيب|"
            r"يركب|شراء|اشتري|برنامج|سعر|افحص|فحص|قانون)")

NOT_DANGER = [
    r"\bfire (stations?|hydrants?|department|dept|fighters?|works|pits?|permits?|bans?|place|"
    r"extinguishers?|code|drill|safety|truck|chief|marshal|season|insurance|inspection\w*|"
    r"evacuation plan\w*|escape plan\w*|prevention|alarm test\w*|alarm inspection\w*)\b",
    r"\bgas (station|stations|price|prices|bill|bills|card|cards|company)\b",
    r"\boven cleaner\b", r"\bchoking hazards?\b", r"\bunconscious bias\b",
    r"\bdrowning (prevention|awareness)\b",
    r"\bwildfires? (season|prep\w*|prevention|smoke|risk|insurance|preparedness)\b",
    r"\b(song|track|album|beat|game|match|show|concert|outfit|party|price|prices)\b.{0,15}"
    r"\b(is|are|was|were)( on)? fire\b",
    r"\b(esta|estuvo|estan|es|son) (de )?fuego\b",
    r"\bdrowning in (debt|bills|paperwork|work|homework|email\w*)\b",
    r"(^|\s)(كان|كانت|دي|ده|هاي|هذا|هذي|هيك)\s+نار(\s|$)",
    r"(اغنيه|اغاني|ماتش|مباراه|حفله|اسعار)\w*\s+(\w+\s+){0,2}(ولعت\s+)?نار", r"ولعت\s+نار",
    r"(توعيه|وقايه|منع|اسبوع)\w*\s+(\w+\s+){0,2}(من\s+)?(ال)?غرق",
    r"(طفايه|طفايات|مطفاه|مطفاة)\s+(ال)?حريق",
    # a detector or alarm to get, fit, test or power: not one going off
    rf"{_DETECTOR}(?=.{{0,40}}{_GETTING})", rf"{_GETTING}.{{0,40}}{_DETECTOR}",
    r"\bfuegos artificiales\b", r"\bestacion de bomberos\b", r"\bhidrantes?( de incendios?)?\b",
    r"\b(seguridad|prevencion|inspeccion\w*|simulacro\w*|taller\w*|temporada|preparacion)"
    r"( \w+){0,2} (de|contra) (\w+ )?incendio\w*",
    r"\bprueba\w* de (la )?alarma\w* (contra|de) incendio\w*",
    r"\bhumo de (cigarr\w*|tabaco|marihuana|mota|vape\w*)\b", r"\bcalidad del aire\b.{0,30}\bhumo\b",
    r"(محطه|محطات)\s+(ال)?(بنزين|غاز|وقود)", r"(فاتوره|فواتير)\s+(ال)?غاز", r"العاب\s+ناريه",
    r"(حنفي\w*|صنبور|محبس)\s+(ال)?(حريق|اطفاء)",
    r"(ال)?(اسعار|سعر|جو|حر|طقس)\s+(ال)?نار", r"نار\s+(ال)?(اسعار|سعر)", r"ولعت\s+(ال)?دنيا",
    r"(^|\s)[لبو]?(ال)?(فحص|تمرين|تدريب|موسم|استعداد|وقايه|سلامه|ورشه)\w*\s+(\w+\s+){0,2}"
    r"(ال)?(حريق|حرائق|حرايق|اخلاء)(\s+(ال)?\w+)?",
    r"(جوده|نوعيه)\s+(ال)?هواء.{0,30}دخان(\s+(ال)?\w+)?",
    r"دخان\s+(ال)?(سجاير|سجائر|سيجاره|شيشه|ارجيله|تبغ)",
    r"(مخنوق|اختنقت|انخنقت|خنقت)\w*\s+من\s+(ال)?(زحمه|زحام|ازدحام|شغل|عمل|حر|دوام|دراسه)",
    r"(طبخ|شوي|طهي)\w*\s+((على|علي)\s+)?(ال)?نار",
    r"\b(news|noticias?)\b.{0,50}\b(last (year|month|week)|years? ago|del ano pasado|del mes pasado)\b",
    r"اخبار.{0,50}(السنه الماضيه|العام الماضي|الشهر الماضي)",
    r"\bchoking (the|our|my|their) (budget|economy|market|funding|growth)\b",
    r"\bsuicide (prevention|awareness) (training|week|month|walk|class\w*)\b",
    r"\b(stroke|heart attack) (prevention|awareness|risk|class\w*|support group)\b",
    r"\bstroke of (luck|genius)\b", r"\b(brush|swim\w*|golf|paddle) strokes?\b",
    r"(غرقان|غارق)\w*\s+(ب|في\s+)?(ال)?(ديون|دين|شغل|عمل|دراسه|مشاكل|هموم|واجبات|واجب)",
]
