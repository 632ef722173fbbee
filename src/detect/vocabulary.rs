//! Built-in vocabularies of the sentence detectors: for each kind, labels and the regexes (Rust
//! syntax, case-insensitive, whole words) that name them in running text.
//!
//! `data-category` is seeded from PoliGraph's phrase map and data ontology (labels and phrases,
//! with plurals allowed); `purpose` from PurPliance's purpose classes; `recipient` from the ACTOR
//! labels of PoliGraph and the entity roles of PoliCheck; `right` from the GDPR/CCPA rights;
//! `transfer` from the GDPR's transfer mechanisms (chapter V).
//!
//! A label's regexes are searched as one pattern; a kind's labels are read in the order of
//! their names, whatever their order here. Rust, not a data file: a run parses nothing to have
//! them (parsed as TOML, they were 4 % of the instructions of a diff of two versions of a short
//! policy, on the thread that reads its changes).

/// A label and the regexes that name it.
pub type Entry = (&'static str, &'static [&'static str]);

/// `data-category`: kinds of personal data.
#[rustfmt::skip]
pub const DATA_CATEGORIES: &[Entry] = &[
    ("personal identifier", &[r"personally[\s-]+identif\w+\s+(?:information|data)", r"PII", r"information\s+that\s+(?:personally\s+)?identifies\s+you"]),
    ("government identifier", &[r"government(?:al)?[\s-]+(?:issued\s+)?(?:id|identification|identifiers?)(?:\s+numbers?)?", r"national\s+id(?:entity)?(?:\s+(?:numbers?|cards?))?"]),
    ("social security number", &[r"social\s+security\s+numbers?", r"SSNs?"]),
    ("passport number", &[r"passport\s+(?:numbers?|details?)"]),
    ("driver's license number", &[r"driv(?:ing|er'?s?)\s+licen[cs]es?(?:\s+numbers?)?"]),
    ("payment card", &[r"(?:credit|debit|payment)\s+cards?(?:\s+(?:numbers?|information|details?))?"]),
    ("financial account", &[r"bank\s+account(?:\s+(?:numbers?|information|details?))?", r"bank\s+(?:details|information)", r"financial\s+(?:information|account\w*)", r"salar(?:y|ies)", r"(?:your|household|annual|personal)\s+income", r"income\s+(?:information|levels?|ranges?|data|details)", r",\s+income", r"credit\s+(?:history|scores?)"]),
    ("date of birth", &[r"dates?\s+of\s+birth", r"birth\s*(?:day|date)s?"]),
    ("age", &[r"(?:your|exact|user)\s+age", r"age\s+(?:range|information)"]),
    ("gender", &[r"gender", r"sex"]),
    ("race / ethnicity", &[r"race", r"racial", r"ethnicity", r"ethnic\s+origin"]),
    ("biometric information", &[r"biometrics?(?:\s+(?:data|information|identifiers?|templates?))?", r"face\s*prints?", r"facial\s+(?:recognition|geometry|scans?|features|age\s+estimation|analysis)", r"face\s+scans?", r"(?:match\w*|compar\w*)\s+your\s+face", r"finger\s*prints?", r"(?:iris|retina)\s+scans?"]),
    ("voice recording", &[r"voice\s*prints?", r"voice\s+(?:recordings?|data|inputs?)", r"audio\s+recordings?"]),
    ("health information", &[r"health(?:\s+(?:and\s+fitness\s+)?(?:information|data|conditions?|records?))", r"medical\s+(?:information|data|records?|conditions?)", r"(?:physical|mental)\s+(?:or\s+(?:physical|mental)\s+)?health"]),
    ("sexual orientation", &[r"sexual\s+(?:orientation|life)", r"sex\s+life"]),
    ("religious or political beliefs", &[r"religio(?:n|us\s+beliefs?)", r"political\s+(?:opinions?|views|beliefs?|affiliations?)", r"philosophical\s+beliefs?"]),
    ("precise geolocation", &[r"precise\s+(?:geo-?)?location(?:\s+(?:information|data))?", r"GPS(?:\s+(?:location|data|coordinates))?", r"latitude", r"longitude"]),
    ("geolocation", &[r"geo-?location(?:\s+(?:information|data))?", r"location\s+(?:information|data|history)", r"(?:approximate|general|physical|device)\s+location", r"(?:your|users?'?|a\s+user's)\s+(?:current\s+|real-time\s+)?locations?\b"]),
    ("contact information", &[r"contact\s+(?:information|info|details|data)"]),
    ("person name", &[r"(?:first|last|full|real|legal|family|given|maiden)\s+names?", r"your\s+name", r"names?,\s+(?:e-?mail|postal|address|phone)", r"(?:^|\b(?:your|their|collect|including|as)\s+|[,:(]\s*)names?\s+(?:and|or)\s+(?:e-?mail|postal|address|phone)", r"(?:your|e-?mail|(?:tele)?phone|mobile|postal|mailing|home)\s+(?:\w+\s+)?(?:address|number)(?:es)?,\s+(?:and\s+|or\s+)?names?\b"]),
    ("phone number", &[r"(?:tele)?phone\s+numbers?", r"(?:mobile|cell|fax)\s+(?:phone\s+)?numbers?"]),
    ("email address", &[r"e-?mail\s+address(?:es)?", r"electronic\s+mail\s+address(?:es)?"]),
    ("postal address", &[r"(?:home|postal|physical|residential|street|billing|shipping|delivery|mailing)\s+address(?:es)?"]),
    ("device identifier", &[r"device\s+(?:identifiers?|ids?)", r"UDIDs?", r"IMEI", r"serial\s+numbers?"]),
    ("advertising identifier", &[r"advertising\s+(?:identifiers?|ids?)", r"IDFA", r"GAID", r"AAID"]),
    ("ip address", &[r"IP\s+address(?:es)?", r"internet\s+protocol\s+address(?:es)?"]),
    ("mac address", &[r"MAC\s+address(?:es)?"]),
    ("cookie / pixel tag", &[r"cookies?", r"pixel\s+tags?", r"pixels?", r"web\s+beacons?", r"clear\s+gifs?", r"local\s+storage", r"tracking\s+technolog(?:y|ies)"]),
    ("internet activity", &[r"(?:internet|network|online|app|website)\s+(?:activity|usage)", r"usage\s+(?:data|information)", r"log\s+(?:data|files?|information)", r"interaction\s+(?:data|information)"]),
    ("browsing / search history", &[r"(?:browsing|search|browser|viewing|watch)\s+history", r"search\s+(?:queries|terms)"]),
    ("purchase history", &[r"purchase\s+(?:history|information)", r"transaction\s+(?:history|information|data)", r"order\s+history"]),
    ("communications content", &[r"(?:content\s+of\s+(?:your\s+)?)?(?:messages|communications|emails|chats)\s+(?:content|you\s+send)", r"message\s+content", r"contents?\s+of\s+(?:your\s+|the\s+|any\s+of\s+your\s+)?(?:private\s+)?(?:messages|chats|communications|emails|conversations)", r"(?:direct|private)\s+messages", r"your\s+chats\b"]),
    ("contacts / address book", &[r"address\s+books?", r"contact\s+lists?", r"phone\s*book"]),
    ("photos and videos", &[r"photos?", r"photographs?", r"videos", r"video\s+(?:recordings?|content|footage|files?|uploads?)", r"(?:security|surveillance|in-store|store)\s+cameras?", r"us(?:e|es|ing)\s+cameras", r"camera\s+(?:footage|images?|recordings?|data)", r"CCTV"]),
    ("employment information", &[r"employment\s+(?:information|history)", r"professional\s+information", r"job\s+title", r"employer"]),
    ("education information", &[r"education(?:al)?\s+(?:information|history|records?)"]),
    ("device information", &[r"device\s+(?:information|data|type|model)", r"operating\s+system", r"browser\s+type", r"hardware\s+model"]),
    ("inferences", &[r"inferences?", r"profiles?\s+about\s+you", r"infer\w*\s+(?:[\w-]+\s+){0,4}?(?:attributes|characteristics|interests|traits)"]),
];

/// `purpose`: what data is used for.
#[rustfmt::skip]
pub const PURPOSES: &[Entry] = &[
    ("advertising", &[r"(?:show|serve|deliver|display|provide|personali[sz]e|tailor|target|customi[sz]e)\w*\s+(?:you\s+)?(?:[\w-]+\s+){0,3}?(?:ads?|advertisements?|advertising)", r"interest-based\s+(?:ads|advertising)", r"(?:targeted|personali[sz]ed|behaviou?ral)\s+(?:ads|advertising)", r"for\s+(?:(?:more|most|better|relevant|useful|personali[sz]ed|tailored|targeted|customi[sz]ed|interest-based|our)\s+){0,2}(?:advertising|ads|advertisements)", r"(?:deliver|show|serve|display)\w*\s+(?:you\s+)?(?:[\w-]+\s+){0,2}?sponsored\s+(?:content|posts?|listings?)"]),
    ("marketing", &[r"marketing", r"promotional\s+(?:communications|emails|offers|messages)", r"send\s+you\s+(?:offers|promotions|newsletters)"]),
    ("analytics", &[r"(?:for|undertake|perform|conduct|carry\s+out)\s+(?:[\w-]+\s+)?analytics?", r"analytics?\s+purposes", r"to\s+(?:analy[sz]e|measure|understand)\s+(?:[\w-]+\s+){0,3}?(?:usage|use|trends?|performance|effectiveness)", r"by\s+(?:analy[sz]ing|measuring)\s+(?:[\w-]+\s+){0,3}?(?:usage|use|trends?|performance|effectiveness)", r"(?:for|conduct|perform|undertake)\s+(?:[\w-]+\s+)?research", r"research\s+purposes"]),
    ("security and fraud prevention", &[r"(?:detect|investigate|prevent|protect\s+against|combat)\w*\s+(?:[\w-]+\s+){0,3}?(?:fraud\w*|abuse|spam|security\s+incidents?|breach\w*)", r"fraud\s+prevention", r"for\s+security", r"authenticat\w+"]),
    ("legal compliance", &[r"compl(?:y|iance)\s+with\s+(?:[\w-]+\s+){0,3}?(?:law|laws|legal|regulations?|obligations?)", r"legal\s+obligations?", r"enforce\s+(?:[\w-]+\s+){0,3}?(?:terms|rights|policies|agreements?)"]),
    // Also among other verbs: "to improve, develop, and provide products and Services"; and
    // after a list: "to operate that content, service, or feature".
    ("providing the service", &[r"to\s+(?:[\w-]+,\s+)*(?:[\w-]+,?\s+(?:and|or)\s+)?(?:provide|deliver|offer|operate|run|power)\s+(?:[\w-]+,?\s+){0,4}?(?:services?|products?|features?|platform)"]),
    ("improving the service", &[r"to\s+(?:improve|develop|enhance)\s+(?:[\w-]+\s+){0,4}?(?:services?|products?|features?|platform|experiences?)", r"troubleshoot\w*", r"(?:fix|debug|diagnose)\s+(?:[\w-]+\s+){0,2}?(?:bugs?|errors?|issues?|problems?)"]),
    ("personalisation", &[r"to\s+(?:personali[sz]e|customi[sz]e|tailor)\s+(?:[\w-]+\s+){0,3}?(?:content|services?|experiences?|recommendations?|features?)", r"recommendations?"]),
    ("communication", &[r"(?:respond\s+to|answer|resolve)\s+(?:\w+\s+){0,2}?(?:inquir\w+|requests?|questions?|complaints?)", r"customer\s+(?:service|support)", r"to\s+(?:notify|communicate\s+with)\s+you"]),
    ("payments and orders", &[r"(?:process|complete|fulfil+)\w*\s+(?:[\w-]+\s+){0,3}?(?:transactions?|payments?|orders?|purchases?)"]),
    ("account management", &[r"(?:create|register|manage|maintain|administer)\s+(?:[\w-]+\s+){0,2}?accounts?"]),
    ("AI model training", &[r"(?:train|training|trains|trained|fine-tun\w+)\s+(?:and\s+improv\w+\s+)?(?:[\w-]+\s+){0,3}?(?:models?|artificial\s+intelligence|AI|machine\s+learning|LLMs?)", r"(?:develop|improve|build)\w*\s+(?:(?:and|or)\s+(?:improve|train|deploy)\w*\s+)?(?:our\s+|its\s+|their\s+)?(?:generative\s+)?(?:AI|artificial\s+intelligence|machine\s+learning|language)\s+(?:models?|technolog\w+|systems?)", r"(?:models?|AI)\s+training", r"\btrain(?:ing)?,\s+(?:[\w-]+,?\s+){1,10}?(?:machine\s+learning|AI|artificial\s+intelligence)\s+models?"]),
];

/// `recipient`: who receives data.
#[rustfmt::skip]
pub const RECIPIENTS: &[Entry] = &[
    ("third parties", &[r"third[\s-]+part(?:y|ies)", r"other\s+companies", r"outside\s+(?:parties|companies|organi[sz]ations)", r"external\s+parties"]),
    ("affiliates", &[r"affiliat(?:es|ed\s+companies)", r"subsidiar(?:y|ies)", r"group\s+companies", r"corporate\s+family", r"family\s+of\s+companies"]),
    ("service providers", &[r"service\s+providers?", r"vendors?", r"processors?", r"contractors?", r"suppliers?", r"(?:LLM|AI|hosting|cloud)\s+(?:model\s+)?providers?"]),
    ("advertisers", &[r"advertis(?:ers?|ing\s+(?:partners?|networks?|companies|providers?))", r"ad\s+(?:networks?|partners?|providers?|exchanges?)"]),
    ("business partners", &[r"(?:business|marketing|trusted|third[\s-]+party)\s+partners?", r"partners?", r"merchants?"]),
    ("analytics providers", &[r"analytics?\s+(?:providers?|companies|partners?|services?|tools?)"]),
    ("social media", &[r"social\s+(?:media|networks?|network\w*\s+(?:sites?|services?)|platforms?)"]),
    ("law enforcement and authorities", &[r"law\s+enforcement", r"government(?:al)?\s+(?:authorit(?:y|ies)|agenc(?:y|ies)|bodies|officials)", r"public\s+authorit(?:y|ies)"]),
    ("data brokers", &[r"data\s+brokers?"]),
    ("researchers", &[r"(?:academic\s+|independent\s+|external\s+)?researchers", r"research\s+(?:institutions?|partners?|organi[sz]ations)"]),
    ("buyers in a transaction", &[r"(?:acquirer|buyer|purchaser|successor)s?"]),
];

/// `right`: what a person may ask for.
#[rustfmt::skip]
pub const RIGHTS: &[Entry] = &[
    // The verb is the right where the person accesses: "you can access your data", "request
    // to know and access the data", "To access your data, visit …", "how to access your
    // information", a heading "Access your information"; "we do not access your data", "apps
    // access your data", "we allow partners to access your data" are practices.
    ("access", &[r"right\s+(?:of|to)\s+access", r"(?:request|obtain|get)\s+access\s+to", r"access\s+to\s+(?:your|the)\s+(?:personal\s+)?(?:information|data)", r"(?:you|users?|^to|(?:request|how)\s+to)(?:\s+(?:can|may|could|also|easily|directly|and|or|know|view|see|review))*\s+access\s+(?:your|the|their)\s+(?:personal\s+)?(?:information|data)", r"^(?:\w+\s+and\s+)?access\s+(?:your|the|their)\s+(?:personal\s+)?(?:information|data)", r"right\s+to\s+know", r"you(?:\s+(?:can|may|could|also|to))*\s+access(?:\s*,\s*\w+){0,4},?\s+(?:and|or)\s+\w+\s+(?:your|the|their)\s+(?:personal\s+)?(?:information|data)"]),
    // Verbs run together before what they act on name each right where the person may act:
    // "the right to access, correct, port and delete your personal information", "you can
    // delete or export your data" ("apps access, store and share your data", "processors must
    // delete or return the data" are practices).
    ("deletion", &[r"delet(?:e|ion)\s+(?:of\s+)?(?:your|the|their)?\s*(?:personal\s+)?(?:information|data|account)\b", r"delet(?:e|ion)\s+(?:of\s+)?(?:your|their)\s+accounts", r"(?:\bto|\byou\s+(?:can|may|could))\s+(?:\w+\s*,\s*|\w+\s+(?:and|or)\s+){0,4}delete(?:\s*,\s*\w+){0,4},?\s+(?:and|or)\s+\w+\s+(?:your|the|their)\s+(?:personal\s+)?(?:information|data)", r"erasure", r"right\s+to\s+(?:be\s+forgotten|delet\w+|erase)", r"request\s+(?:that\s+we\s+)?delet\w+"]),
    // A sentence or label opening with the word names the right: "Correction: Request that we
    // amend …" is Spotify's "Rectification" row renamed.
    ("correction", &[r"rectif(?:y|ication)", r"correct(?:ion)?\s+(?:of\s+)?(?:your|any|the|inaccurate)\s+(?:\w+\s+)?(?:personal\s+)?(?:information|data)", r"right\s+to\s+correct\w*", r"(?:\bto|\byou\s+(?:can|may|could))\s+(?:\w+\s*,\s*|\w+\s+(?:and|or)\s+){0,4}correct(?:\s*,\s*\w+){0,4},?\s+(?:and|or)\s+\w+\s+(?:your|the|their)\s+(?:personal\s+)?(?:information|data)", r"(?:ask|request|require)\s+(?:us\s+|that\s+we\s+)?(?:to\s+)?correct\b", r"^correction\b", r"(?:amend|correct|update)\s+(?:any\s+)?(?:inaccurate|incorrect|incomplete)\s+(?:personal\s+)?(?:information|data)"]),
    ("portability", &[r"portab(?:le|ility)", r"(?:\bto|\byou\s+(?:can|may|could))\s+(?:\w+\s*,\s*|\w+\s+(?:and|or)\s+){0,4}port(?:\s*,\s*\w+){0,4},?\s+(?:and|or)\s+\w+\s+(?:your|the|their)\s+(?:personal\s+)?(?:information|data)", r"(?:copy|export)\s+of\s+your\s+(?:[\w-]+\s+){0,2}?(?:information|data|records)", r"export\s+(?:a\s+copy\s+of\s+)?your\s+(?:[\w-]+\s+){0,2}?(?:information|data)"]),
    ("opt-out", &[r"opt(?:ing)?[\s-]+out", r"unsubscrib\w+", r"do\s+not\s+sell\s+my"]),
    // Not an opt-out: consent given (GDPR, art. 7(3)) is taken back, and the law says when.
    // The verbs only: "the withdrawal of consent will ..." and "the withdrawn consent" tell what
    // follows from it, not that a person may.
    // The passive with a modal too ("your consent may be withdrawn at any time", common in
    // translated policies): a statement of the right. "Before the consent is withdrawn" is not.
    ("withdrawal of consent", &[r"(?:withdraw(?:ing)?|revok(?:e|ing))\s+(?:your\s+|their\s+|this\s+|that\s+|such\s+|any\s+|the\s+|prior\s+)?consent", r"consent,?\s+(?:which\s+|that\s+)?(?:can|may)\s+be\s+(?:withdrawn|revoked)", r"consent,?\s+(?:which|that)\s+you\s+(?:can|may)\s+(?:withdraw|revoke)"]),
    ("objection", &[r"right\s+to\s+object", r"object\s+to\s+(?:the\s+|our\s+)?(?:processing|use)", r"objection", r"object\s+to,?\s+(?:and|or)\b", r"(?:restrict|limit)\s*,?\s*(?:and|or|/)\s*object\s+to"]),
    // Not an objection: processing paused, data kept (GDPR, art. 18), often named beside it
    // ("object to, and seek restriction of, our processing"). Not "the right to restrict" alone:
    // "we reserve the right to restrict access" is the company's.
    ("restriction of processing", &[r"restrict(?:ion\s+of)?\s+(?:the\s+|our\s+)?processing", r"restrict(?:ion\s+of)?\s+(?:the\s+)?use\s+of\s+(?:your|their)", r"right\s+to\s+(?:request\s+)?(?:the\s+)?restriction", r"(?:seek|request|obtain)\s+(?:the\s+)?restriction", r"restrict\s+how\s+we\s+(?:use|process)", r"restrict\s*,?\s*(?:and|or|/)\s*object\s+to"]),
    ("complaint", &[r"(?:lodge|file|make)\s+a\s+complaint", r"supervisory\s+authorit(?:y|ies)", r"data\s+protection\s+authorit(?:y|ies)"]),
];

/// `transfer`: what lets personal data leave the EEA, the UK or Switzerland (GDPR, chapter V),
/// or move under the APEC privacy rules. Names of frameworks are proper names: "the Global CBPR
/// System means the data privacy framework established by …" names none.
#[rustfmt::skip]
pub const TRANSFERS: &[Entry] = &[
    ("adequacy decision", &[r"adequacy\s+(?:decisions?|findings?|regulations?)", r"decisions?\s+on\s+the\s+adequacy"]),
    ("standard contractual clauses", &[r"standard\s+(?:contract(?:ual)?|data\s+protection)\s+clauses?", r"model\s+(?:contract(?:ual)?\s+)?clauses?", r"model\s+contracts?", r"(?-i:SCCs?)"]),
    // The UK's own: an agreement, or an addendum to the EU's clauses.
    ("International Data Transfer Agreement", &[r"international\s+data\s+transfer\s+(?:agreements?|addend(?:um|a))", r"(?-i:IDTAs?)"]),
    ("binding corporate rules", &[r"binding\s+corporate\s+rules", r"(?-i:BCRs?)"]),
    ("Data Privacy Framework", &[r"(?-i:Data\s+Privacy\s+Frameworks?|DATA\s+PRIVACY\s+FRAMEWORKS?|DPF)"]),
    ("Privacy Shield", &[r"privacy\s+shields?"]),
    ("Cross-Border Privacy Rules", &[r"cross[\s-]+border\s+privacy\s+rules", r"(?-i:CBPRs?)"]),
    // The last two are read only beside a transfer ([`TRANSFER_IN_CONTEXT`]). Art. 49: a transfer
    // without safeguards, in the cases the law lists; also an exemption from another law ("the
    // derogation permitted by Regulation (EU) 2021/1232", "the age derogation by Member
    // States"). Art. 46, named without a mechanism; also said of security and of legitimate
    // interests ("while ensuring appropriate safeguards").
    ("derogations", &[r"derogations?"]),
    ("appropriate safeguards", &[r"appropriate\s+safeguards"]),
];

/// The `transfer` labels that name a mechanism only in a sentence about a transfer or beside
/// another mechanism (`reading::names`).
pub const TRANSFER_IN_CONTEXT: &[&str] = &["derogations", "appropriate safeguards"];

#[cfg(test)]
mod tests {
    use super::*;

    /// A label named twice would be two patterns with one name (a TOML table had refused it),
    /// and one without regexes would name nothing.
    #[test]
    fn each_label_is_named_once_in_its_kind_and_has_regexes() {
        for kind in [DATA_CATEGORIES, PURPOSES, RECIPIENTS, RIGHTS, TRANSFERS] {
            let mut labels: Vec<&str> = kind.iter().map(|&(label, _)| label).collect();
            labels.sort_unstable();
            let named = labels.len();
            labels.dedup();
            assert_eq!(labels.len(), named, "a label named twice");
            for (label, patterns) in kind {
                assert!(!patterns.is_empty(), "{label} has no regex");
            }
        }
        for label in TRANSFER_IN_CONTEXT {
            assert!(TRANSFERS.iter().any(|(l, _)| l == label), "{label}");
        }
    }
}
