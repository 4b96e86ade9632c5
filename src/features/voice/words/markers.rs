//! The markers' own vocabulary: occupation and its objects, titles and their
//! qualifiers, distancing words, status and statehood words, and the narratives.

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
    "self-declared",
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
    // "these puppet statelets", "the so-called peacekeepers" (Russia's, in the regions).
    "statelet",
    "statelets",
    "peacekeepers",
    "peacekeeping",
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
    "these two states",
    "the two countries",
    "young state",
    "young states",
    "young republic",
    "head of state",
    "presidential envoy",
    "genocide",
    "peace enforcement",
];
