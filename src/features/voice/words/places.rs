//! Whose and where: the recognition fact, independence wanted or doubted, other polities,
//! Georgia, the regions' names and the holders of a view, which decide whether a marker
//! is about the regions' status at all.

/// Words that turn "independence" or "sovereignty" into a fact about recognition, which
/// the guide labels neutral ("Russia recognised their independence", "South Ossetia
/// declared independence in 1992").
pub const RECOGNITION: &[&str] = &[
    "recognised",
    "recognized",
    "recognise",
    "recognize",
    "recognises",
    "recognizes",
    "recognising",
    "recognizing",
    "recognition",
    "declared",
    "proclaimed",
    "declaration",
    "sought",
    "seek",
    "seeks",
    "seeking",
];

/// Words that make "independence" an aim rather than a fact: "voters backed independence",
/// "a referendum on independence", "support for the independence of". The guide marks
/// independence asserted as fact; wanting, voting on or backing it is reported, not
/// asserted ("South Ossetia declared independence" is already neutral by [`RECOGNITION`]).
pub const ASPIRATION: &[&str] = &[
    "support",
    "supports",
    "supported",
    "supporting",
    "backed",
    "backing",
    "vote",
    "voted",
    "votes",
    "voting",
    "referendum",
    "push",
    "pushed",
    "pushing",
    "campaign",
    "campaigned",
    "demand",
    "demanded",
    "demands",
];

/// Words that doubt what follows: "the allegedly occupied territories", "the alleged
/// occupation", "the so-called occupation". Put on Georgia's account of the conflict they
/// are the Tskhinvali side's, as the guide reads "so-called" on Georgia's own terms.
pub const DOUBTING: &[&str] = &[
    "so-called",
    "self-styled",
    "alleged",
    "allegedly",
    "supposed",
    "supposedly",
    "purported",
    "purportedly",
];

/// Places and states whose occupation or independence is not the two regions'. Georgia is
/// one for "independence"/"sovereignty" (Georgia's own), never for "occupied" (the regions
/// are occupied Georgian land).
pub const OTHER_POLITIES: &[&str] = &[
    "ukraine",
    "ukrainian",
    "crimea",
    "crimean",
    "donbas",
    "donbass",
    "donetsk",
    "luhansk",
    "kherson",
    "zaporizhzhia",
    "kosovo",
    "kosovar",
    "serbia",
    "transnistria",
    "transdniestria",
    "transnistrian",
    "moldova",
    "moldovan",
    "karabakh",
    "azerbaijan",
    "armenia",
    "cyprus",
    "palestine",
    "palestinian",
    "gaza",
    "golan",
    "baltic",
    "latvia",
    "lithuania",
    "estonia",
    "poland",
    "finland",
    "belarus",
    "kazakhstan",
    "taiwan",
    "sahara",
    "kurils",
    "kuril",
    "chechnya",
    "ichkeria",
    "india",
    "africa",
    "algeria",
    "pristina",
    "stepanakert",
    "artsakh",
    "tiraspol",
    "sevastopol",
    "simferopol",
    "chisinau",
    "kyiv",
    "kiev",
    "israeli",
    "armenian",
    "azerbaijani",
    "serbian",
    "baku",
    "yerevan",
    "belgrade",
    "syria",
    "syrian",
    "iraq",
    "israel",
    "adygea",
    "alania",
    "chechen",
    "islamic",
    "peninsula",
];

/// Georgia and its own institutions, which have a sovereignty and an independence of their
/// own that say nothing about the regions.
pub const GEORGIA: &[&str] = &["georgia", "georgian", "tbilisi"];

/// Who speaks for the other side of the conflict when a story reports its views: Russia and
/// its officials, the regions' capitals and peoples, the separatists ("Moscow said",
/// "according to Sukhumi", "the Abkhaz side rejected"). Georgia's side is [`GEORGIA`] and
/// "georgians".
pub const OTHER_SIDE: &[&str] = &[
    "russia",
    "russian",
    "moscow",
    "kremlin",
    "lavrov",
    "zakharova",
    "putin",
    "peskov",
    "medvedev",
    "sukhumi",
    "sukhum",
    "sokhumi",
    "tskhinvali",
    "tskhinval",
    "abkhaz",
    "abkhazian",
    "ossetian",
    "separatist",
    "separatists",
];

/// Names that put an article in this conflict: the regions, their towns and peoples, and
/// Georgia. An article of several sentences that holds none of them (nor a de facto
/// official behind a plain title) frames nothing here, whatever its marker words
/// (`topic_gate`, [`crate::features::reading::OFF_TOPIC`]).
pub const TOPIC_NAMES: &[&str] = &[
    "abkhazia",
    "abkhaz",
    "abkhazian",
    "abkhazians",
    "apsny",
    "ossetia",
    "ossetian",
    "ossetians",
    "ossetes",
    "alania",
    "tskhinvali",
    "tskhinval",
    "sukhumi",
    "sukhum",
    "sokhumi",
    "akhalgori",
    "leningor",
    "gali",
    "enguri",
    "inguri",
    "ergneti",
    "kodori",
    "georgia",
    "georgian",
    "georgians",
    "tbilisi",
];

/// Words only this conflict uses, beside [`TOPIC_NAMES`] (`conflict_words`): Georgia's
/// word for the fences along the line, the EU monitors and the incident mechanism, the
/// villages on the line that Georgian statements name instead of the region, the regions'
/// other towns. A de facto official's surname counts too (the lexicon's person entries).
pub const CONFLICT_WORDS: &[&str] = &[
    "borderization",
    "borderisation",
    "eumm",
    "iprm",
    "khurvaleti",
    "nikozi",
    "odzisi",
    "gugutiantkari",
    "ditsi",
    "atotsi",
    "takhtisdziri",
    "mereti",
    "kveshi",
    "dvani",
    "kirbali",
    "karapila",
    "zardiaantkari",
    "bershueti",
    "plavismani",
    "knolevi",
    "jariasheni",
    "tamarasheni",
    "kurta",
    "achabeti",
    "kekhvi",
    "znauri",
    "kvaisa",
    "gudauta",
    "gagra",
    "pitsunda",
    "ochamchire",
    "ochamchira",
    "tkvarcheli",
    "tkuarchal",
    "khurcha",
    "anaklia",
    "rukhi",
    "ganmukhuri",
    "nabakevi",
    "pakhulani",
];

/// Words that place a term in the two regions.
pub const REGION_WORDS: &[&str] = &[
    "abkhazia",
    "abkhaz",
    "abkhazian",
    "ossetia",
    "ossetian",
    "ossetians",
    "tskhinvali",
    "tskhinval",
    "sukhumi",
    "sukhum",
    "sokhumi",
    "regions",
    "republics",
];

/// Actors whose view "for X, ..." introduces ("for Tbilisi the region is occupied
/// territory, for Moscow an allied state").
pub const VIEW_HOLDERS: &[&str] = &[
    "tbilisi",
    "georgia",
    "georgians",
    "moscow",
    "russia",
    "kremlin",
    "sukhumi",
    "sukhum",
    "tskhinvali",
    "tskhinval",
    "washington",
    "brussels",
    "abkhazians",
    "ossetians",
];
