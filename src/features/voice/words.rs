//! The word lists the voice rules read. Lowercase tokens, as the tokenizer gives them
//! (possessive "'s" already dropped: "Georgia's" is `georgia`).

/// Verbs that take a reported clause: what follows them is the holder's claim ("Georgia
/// says the regions are occupied", "Tbilisi has long argued that tourism entrenches the
/// occupation"). Verbs an official site uses of its own principal ("stressed", "noted",
/// "announced") are left out: there the principal's words are the site's own voice. So are
/// forms that are also nouns ("state", "claims", "talks", "views").
pub const SAY: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "told",
    "stated",
    "claimed",
    "claiming",
    "argue",
    "argues",
    "argued",
    "insist",
    "insists",
    "insisted",
    "maintains",
    "maintained",
    "allege",
    "alleges",
    "alleged",
    "assert",
    "asserts",
    "asserted",
    "contend",
    "contends",
    "contended",
    "believe",
    "believes",
    "believed",
    "warn",
    "warns",
    "warned",
    "complain",
    "complains",
    "complained",
    "wrote",
    "writes",
    "hailed",
    "hails",
    "praised",
    "quoted",
    "cited",
    "reiterated",
    "speaks",
    "spoke",
    "talked",
];

/// Verbs of blame: the charge after their "of" / "for" is the holder's, their object the
/// outlet's own wording ("rights groups have accused separatist militias of looting").
pub const ACCUSE: &[&str] = &[
    "accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming", "charged",
];

/// Verbs that take an object and a view of it after "as" / "to be" / "to" ("Tbilisi regards
/// the regions as occupied", "condemned the treaty as a step toward annexation", "Georgia
/// compared it to annexation"). The object itself is the outlet's own wording ("Tbilisi,
/// which regards the separatist region as part of Georgia").
pub const VIEW: &[&str] = &[
    "regard",
    "regards",
    "regarded",
    "regarding",
    "consider",
    "considers",
    "considered",
    "considering",
    "view",
    "views",
    "viewed",
    "viewing",
    "see",
    "sees",
    "saw",
    "seen",
    "describe",
    "describes",
    "described",
    "describing",
    "portray",
    "portrays",
    "portrayed",
    "present",
    "presents",
    "presented",
    "presenting",
    "treat",
    "treats",
    "treated",
    "condemn",
    "condemns",
    "condemned",
    "denounce",
    "denounces",
    "denounced",
    "compare",
    "compares",
    "compared",
    "characterise",
    "characterised",
    "characterize",
    "characterized",
    "depict",
    "depicts",
    "depicted",
    "refer",
    "refers",
    "referred",
    "hailed",
    "hails",
    "praised",
];

/// Verbs that name their object directly ("Tbilisi calls the regions occupied
/// territories", "what it calls the state border").
pub const NAME: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "term",
    "terms",
    "termed",
    "dub",
    "dubs",
    "dubbed",
    "brand",
    "brands",
    "branded",
    "label",
    "labels",
    "labelled",
    "labeled",
    "consider",
    "considers",
    "considered",
    "considering",
    "deem",
    "deems",
    "deemed",
    "style",
    "styles",
    "styled",
    "addressed",
];

/// How far after a naming verb its complement may stand ("considers Abkhazia part of its
/// territory under Russian occupation").
pub const NAME_WINDOW: usize = 8;

/// Verbs of speaking whose "of" / "about" introduces someone's words ("Tbilisi talks of
/// occupation", "will tell the Assembly about ‘ethnic cleansing’").
pub const SPEAK: &[&str] = &[
    "talk",
    "talks",
    "talked",
    "talking",
    "speak",
    "speaks",
    "spoke",
    "speaking",
    "tell",
    "tells",
    "telling",
    "complain",
    "complains",
    "complained",
    "warn",
    "warns",
    "warned",
];

/// Verbs that attribute what came before them when a comma or a closing quote stands
/// between ("..., Gagloev said", "“...”, he added", "..., according to the ministry").
pub const TAIL: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "claimed",
    "insisted",
    "argued",
    "argues",
    "warned",
    "wrote",
    "writes",
    "stated",
    "believes",
    "added",
];

/// First-person speakers: "we call on Russia, as the occupying power" is the delegation's
/// own voice, not a report.
pub const FIRST_PERSON: &[&str] = &["we", "i"];

/// What a text calls itself ("this paper argues that ...", "this report finds"): its own
/// voice.
pub const SELF: &[&str] = &[
    "paper",
    "report",
    "article",
    "study",
    "analysis",
    "brief",
    "note",
    "statement",
];

/// Verbs of viewing whose view follows "to" ("compared the treaty to annexation").
pub const COMPARE: &[&str] = &["compare", "compares", "compared", "likened", "likens"];

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

/// The verb "occupy", whose object may be a house rather than a country.
pub const OCCUPY: &[&str] = &["occupied", "occupy", "occupies", "occupying"];

/// Who, not an army, occupies houses: "occupied by the families who moved in".
pub const OCCUPANTS: &[&str] = &[
    "families",
    "family",
    "residents",
    "people",
    "tenants",
    "squatters",
    "refugees",
    "students",
    "protesters",
    "demonstrators",
    "locals",
    "villagers",
    "owners",
];

/// What a protester, not an army, occupies.
pub const OCCUPIED_THINGS: &[&str] = &[
    "building",
    "buildings",
    "offices",
    "office",
    "square",
    "headquarters",
    "premises",
    "administration",
    "parliament",
    "streets",
    "cottages",
    "houses",
    "homes",
    "flats",
];

/// Titles that make a de facto official's name a plain-title marker.
pub const TITLES: &[&str] = &[
    "president",
    "minister",
    "premier",
    "speaker",
    "ambassador",
    "chairman",
    "envoy",
    "representative",
    "plenipotentiary",
    "commissioner",
    "ombudsman",
];

/// Qualifiers that keep a title or a state name from being the text's own naming ("de
/// facto President Bibilov", "the so-called Republic of Abkhazia", "breakaway region's
/// prime minister").
pub const QUALIFIERS: &[&str] = &[
    "de",
    "facto",
    "de-facto",
    "self-proclaimed",
    "self-styled",
    "so-called",
    "separatist",
    "separatists",
    "breakaway",
    "rebel",
    "russian-backed",
    "moscow-backed",
    "kremlin-backed",
    "russian-installed",
    "kremlin-installed",
    "puppet",
    "proxy",
    "unrecognised",
    "unrecognized",
    "occupation",
    "legitimate",
    "exiled",
];

/// The distancing qualifiers whose target decides what they mark (`target.rs`).
pub const DISTANCING: &[&str] = &[
    "so-called",
    // "so called", unhyphenated: a hit is a qualifier only when all its words are here.
    "so",
    "called",
    "self-proclaimed",
    "self-declared",
    "self-styled",
    "de",
    "facto",
    "de-facto",
    "puppet",
];

/// The qualifiers that, put on Georgia's own terms, speak for the other side.
pub const INVERTING: &[&str] = &["so-called", "so", "self-styled"];

/// Georgia's own terms, which a pro-Tskhinvali text puts "so-called" on.
pub const GEORGIAS_TERMS: &[&str] = &[
    "refugee",
    "refugees",
    "idp",
    "idps",
    "displaced",
    "territorial",
    "integrity",
    "neutral",
    "status-neutral",
    "occupation",
    "occupied",
    "occupier",
    "occupiers",
    "de-occupation",
    "deoccupation",
    "reintegration",
    "annexation",
    "borderization",
    "borderisation",
    "samachablo",
    "engagement",
];

/// What a qualifier is put on when it frames the regions: their institutions, offices,
/// votes and status ("the so-called parliament", "de facto security service").
pub const STATUS_WORDS: &[&str] = &[
    "authorities",
    "authority",
    "administration",
    "administrations",
    "regime",
    "regimes",
    "government",
    "governments",
    "leader",
    "leaders",
    "leadership",
    "rulers",
    "president",
    "presidents",
    "vice-president",
    "presidential",
    "prime",
    "premier",
    "minister",
    "ministers",
    "ministry",
    "ministries",
    // Not "foreign", "interior" or "defence" on their own: the office follows them within
    // the window ("de facto foreign minister"), and alone they are anything foreign ("the
    // so-called foreign well-wishers" of Syria).
    "parliament",
    "parliamentary",
    "assembly",
    "election",
    "elections",
    "vote",
    "referendum",
    "republic",
    "republics",
    "state",
    "states",
    "statehood",
    "independence",
    "independent",
    "sovereignty",
    "sovereign",
    "border",
    "borders",
    "frontier",
    "guards",
    "security",
    "service",
    "army",
    "military",
    "forces",
    "armed",
    "official",
    "officials",
    "representatives",
    "entity",
    "entities",
    "embassy",
    "ambassador",
    "envoy",
    "treaty",
    "treaties",
    "agreement",
    "commission",
    "committee",
    "court",
    "prosecutor",
    "police",
    "kgb",
    "customs",
    "migration",
    "residence",
    "citizenship",
    "passports",
    "capital",
    "head",
    "district",
    "emergencies",
    "education",
    "social",
    "constitution",
    "recognition",
    "country",
    "annexation",
    "occupation",
    "control",
    "integration",
];

/// Words that mark a side only when they are about this conflict (`target.rs`).
pub const NARRATIVE: &[&str] = &[
    "genocide",
    "guarantor",
    "separatist",
    "separatists",
    "occupation",
    "occupied",
    "occupying",
    "annexation",
    "cleansing",
    "neighbor",
    "neighbour",
    "aggression",
];

/// Words that tie a narrative word to this conflict, beside the regions, Georgia and
/// Russia: the peoples and the war years.
pub const CONFLICT_ANCHORS: &[&str] = &["abkhazians", "ossetes", "1920", "2008", "august"];

/// Words that open sentences and are not names, for telling "Catalan separatists" from
/// "The separatists".
pub const SENTENCE_OPENERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her", "my",
    "your", "we", "they", "it", "he", "she", "in", "on", "at", "for", "as", "but", "and", "no",
    "every", "each", "all", "some", "any", "another", "such", "after", "before", "since", "during",
    "when", "while", "if", "there", "both", "many", "most", "two", "three",
];

/// Statehood words that mark the Tskhinvali side only when asserted of the regions
/// (`target.rs`).
pub const STATEHOOD: &[&str] = &[
    "sovereignty",
    "sovereign",
    "independence",
    "independent",
    "statehood",
    "interstate",
];

/// The regions' state names, which tie a statehood word to them.
pub const STATE_NAMES: &[&str] = &["republic", "republics", "rso"];

/// Quantifiers of the Charter's general sense ("all States", "any nation").
pub const UNIVERSAL: &[&str] = &["all", "any", "every", "each", "other"];

/// What the Charter's quantifiers range over.
pub const STATES_NOUNS: &[&str] = &[
    "state",
    "states",
    "nation",
    "nations",
    "country",
    "countries",
    "peoples",
    "members",
];

/// What "interstate" qualifies in its general sense.
pub const INTERSTATE_GENERIC: &[&str] = &[
    "conflict",
    "conflicts",
    "war",
    "wars",
    "disputes",
    "dispute",
    "tensions",
    "violence",
    "hostilities",
];

/// Tskhinvali-side terms that name the speaker's own state: the regions' only when the
/// speaker is the de facto side. Georgia's prime minister and a third state's envoy at the
/// UN say "our country" as often as a de facto ministry does.
pub const SPEAKER_STATEHOOD: &[&str] = &["our country", "our state", "our states"];

/// Tskhinvali-side terms that name no place: statehood, titles and narratives that any
/// state's text uses of itself or of others ("the head of state of Kazakhstan", "interstate
/// relations", "the state border of Ukraine", "genocide"). The regions' only when the
/// sentence names them or the article's own voice takes their side by a marker of its own.
/// ("guarantor" is not one: Russia as guarantor is this conflict's narrative, and the
/// guarantor of somewhere else is named, `target.rs`.)
pub const TOPIC_STATEHOOD: &[&str] = &[
    "the republic",
    "state border",
    "state border line",
    "state boundary",
    "sovereign",
    "sovereignty",
    "sovereign country",
    "sovereign state",
    "sovereign states",
    "sovereign and independent state",
    "independence",
    "statehood",
    "independent state",
    "independent states",
    "recognized state",
    "recognised state",
    "recognized sovereign country",
    "recognised sovereign country",
    "recognized sovereign states",
    "recognised sovereign states",
    "interstate",
    "the two states",
    "the two countries",
    "young state",
    "young states",
    "young republic",
    "head of state",
    "presidential envoy",
    "genocide",
    "peace enforcement",
];
