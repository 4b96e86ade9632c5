//! Who speaks: the verbs and phrases that make what follows someone else's words, and
//! the first person that makes them the text's own.

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

/// A news agency's words for a statement reported at its end ("..., she stressed.",
/// "..., Zakharova noted."), tail verbs with `agency_tails` (a feature setting; models saved
/// before it read only [`TAIL`]). On a ministry's own page the same tail reports its
/// principal, whose words the article context adopts (features/reading.rs).
pub const AGENCY_TAIL: &[&str] = &[
    "stressed",
    "noted",
    "emphasised",
    "emphasized",
    "underlined",
    "pointed",
    "reiterated",
    "recalled",
];

/// Verbs of a side's response to events that the lists above leave out ("Tbilisi dismissed
/// the vote", "Moscow welcomed the decision"), and recognition, the guide's own example of
/// a side's position reported ("Russia recognises them as independent"): for the article
/// head's cue of whose views a story reports ([`super::super::cue_word`]), not for a
/// hit's voice.
pub const RESPOND: &[&str] = &[
    "recognised",
    "recognized",
    "recognises",
    "recognizes",
    "recognise",
    "recognize",
    "dismissed",
    "dismisses",
    "denied",
    "denies",
    "rejected",
    "rejects",
    "welcomed",
    "welcomes",
    "urged",
    "urges",
    "congratulated",
    "protested",
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
