//! Closed-class English words the shallow parser relies on.
//!
//! These are grammar, not dictionary content: determiners, auxiliaries,
//! prepositions, pronouns, clause markers and the cue words of modality.
//! Matching is against normalized (lowercase) tokens.

/// Articles, demonstratives, possessives and quantifiers: the words that
/// open a noun phrase in any reading (`that` is left out: it also opens a
/// clause). The PETRARCH-convention coder reads a verb form after one as a
/// noun.
pub(crate) fn is_article(w: &str) -> bool {
    matches!(w, "the" | "a" | "an" | "this" | "these" | "those" | "every" | "each" | "any" | "some" | "no")
        || is_possessive_determiner(w)
}

/// Words that open a noun phrase: a verb anchor right after one is a noun.
/// Beyond the articles, adjectives that news puts before a noun event
/// (`new sanctions`, `joint exercises`).
pub(crate) fn is_determiner(w: &str) -> bool {
    is_article(w)
        || matches!(
            w,
            "another"
                | "such"
                | "whose"
                | "both"
                | "either"
                | "neither"
                | "several"
                | "many"
                | "few"
                | "more"
                | "most"
                | "much"
                | "further"
                | "first"
                | "second"
                | "third"
                | "new"
                | "recent"
                | "latest"
                | "last"
                | "next"
                | "previous"
                | "former"
                | "possible"
                | "joint"
        )
}

/// Articles and possessive determiners that may precede an actor in a slot.
/// `its`, `their`, …: what follows belongs to someone named elsewhere.
pub(crate) fn is_possessive_determiner(w: &str) -> bool {
    matches!(w, "its" | "their" | "his" | "her" | "our" | "my" | "your")
}

/// Role nouns that, with no state to resolve them, name no actor of their
/// own: a counterpart is someone else's, a nation or a society is no
/// actor without its state, and a building is a place.
pub(crate) fn is_unnamed_exception(w: &str) -> bool {
    matches!(
        w,
        "counterpart"
            | "counterparts"
            | "nation"
            | "nations"
            | "society"
            | "community"
            | "communities"
            | "population"
            | "populace"
            | "opinion"
            | "family"
            | "families"
            | "electorate"
            | "mosque"
            | "mosques"
            | "church"
            | "churches"
            | "synagogue"
            | "synagogues"
            | "seminary"
            | "seminaries"
            | "university"
            | "universities"
            | "college"
            | "colleges"
            | "school"
            | "schools"
            | "campus"
            | "campuses"
            | "academy"
    )
}

/// Sectors that act for a state or in its politics: government, armed
/// forces, police, courts, legislature, opposition, intelligence, elites,
/// international and non-governmental organisations.
pub(crate) fn is_political_sector(sector: &str) -> bool {
    matches!(sector, "GOV" | "MIL" | "COP" | "JUD" | "LEG" | "OPP" | "SPY" | "ELI" | "IGO" | "NGO")
}

/// A preposition of place: `in Nairobi`, `near Aleppo`.
pub(crate) fn is_locative(w: &str) -> bool {
    matches!(w, "in" | "near" | "outside" | "across" | "throughout" | "inside" | "around")
}

/// A word between a preposition of place and the place: `in northern
/// Nigeria`, `near the Syrian border`.
pub(crate) fn is_place_modifier(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
            | "rural"
            | "neighbouring"
            | "neighboring"
    )
}

/// Whether token `at` follows a preposition of place, perhaps across place
/// modifiers (`in Nairobi`, `in northern Nigeria`, `near the capital`).
pub(crate) fn after_locative(toks: &[&str], at: usize) -> bool {
    (at.saturating_sub(3)..at)
        .rev()
        .take_while(|&k| k + 1 == at || is_place_modifier(toks[k + 1]))
        .any(|k| is_locative(toks[k]))
}

pub(crate) fn is_slot_lead(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "both"
            | "all"
            | "fellow"
            | "neighbouring"
            | "neighboring"
            | "rival"
            | "allied"
            | "ally"
            | "key"
            | "top"
            | "senior"
            | "other"
            | "several"
            | "some"
            | "many"
            | "two"
            | "three"
            | "four"
            | "five"
            | "local"
            | "foreign"
            | "visiting"
            | "sanctions-hit"
            | "oil-rich"
            | "this"
            | "that"
            | "these"
            | "those"
            | "unused"
            | "crisis-stricken"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
            | "occupied"
            | "entire"
            | "mainland"
            | "rebel-held"
            | "detained"
            | "captured"
            | "kidnapped"
            | "abducted"
            | "jailed"
            | "imprisoned"
            | "arrested"
            | "seized"
            | "missing"
            | "stranded"
            | "besieged"
            | "embattled"
    )
}

/// A preposition that does not also open a clause (`after he left`,
/// `before Trump confirmed`): what follows it is its object.
pub(crate) fn is_object_preposition(w: &str) -> bool {
    is_preposition(w) && !matches!(w, "after" | "before" | "since" | "until" | "upon" | "without" | "despite")
}

/// Prepositions.
pub(crate) fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "of" | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "about"
            | "against"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "after"
            | "before"
            | "during"
            | "amid"
            | "amidst"
            | "despite"
            | "without"
            | "within"
            | "between"
            | "among"
            | "through"
            | "toward"
            | "towards"
            | "upon"
            | "via"
            | "across"
            | "behind"
            | "beyond"
            | "near"
            | "since"
            | "until"
            | "following"
            | "including"
            | "like"
            | "unlike"
            | "than"
            | "per"
            | "throughout"
            | "around"
            | "regarding"
            | "concerning"
    )
}

/// Forms of `be`.
pub(crate) fn is_be(w: &str) -> bool {
    matches!(w, "be" | "is" | "are" | "was" | "were" | "been" | "being" | "'re" | "'m")
}

/// Auxiliaries and modals that may stand between a subject and its verb.
pub(crate) fn is_auxiliary(w: &str) -> bool {
    is_be(w)
        || is_modal(w)
        || is_negated_auxiliary(w)
        || matches!(
            w,
            "has"
                | "have"
                | "had"
                | "having"
                | "do"
                | "does"
                | "did"
                | "get"
                | "got"
                | "gets"
                | "'s"
                | "'ve"
                | "'d"
                | "'ll"
        )
}

/// Auxiliaries and modals with their negation (`didn't`, `cannot`).
#[inline(always)]
fn is_negated_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "didn't"
            | "doesn't"
            | "don't"
            | "hasn't"
            | "haven't"
            | "hadn't"
            | "isn't"
            | "aren't"
            | "wasn't"
            | "weren't"
            | "won't"
            | "wouldn't"
            | "can't"
            | "cannot"
            | "couldn't"
            | "shouldn't"
            | "mustn't"
    )
}

/// A noun of intention before `to` (`announced their intention to lay down
/// arms`, `made a decision to withdraw`): what follows is planned.
pub(crate) fn is_intention_noun(w: &str) -> bool {
    matches!(w, "intention" | "intentions" | "decision" | "decisions" | "bid")
}

/// Verbs that announce or make an intention (`announced plans to`, `made a
/// decision to`, `unveiled a plan to`).
pub(crate) fn is_intention_maker(w: &str) -> bool {
    matches!(
        w,
        "announced"
            | "announces"
            | "announce"
            | "unveiled"
            | "unveils"
            | "unveil"
            | "made"
            | "makes"
            | "make"
            | "took"
            | "takes"
            | "reached"
            | "approved"
            | "approves"
            | "confirmed"
            | "confirms"
            | "revealed"
            | "reveals"
            | "outlined"
            | "outlines"
            | "adopted"
            | "adopts"
    )
}

/// Modals of possibility (`could attack`, `may impose`).
pub(crate) fn is_hypothetical_modal(w: &str) -> bool {
    matches!(w, "could" | "might" | "may")
}

/// Modal verbs.
pub(crate) fn is_modal(w: &str) -> bool {
    matches!(w, "will" | "would" | "could" | "can" | "may" | "might" | "should" | "must" | "shall")
}

/// Verbs whose past is their base form (`workers set up picket lines`):
/// a present tag on them may be a past.
pub(crate) fn is_unchanged_past(w: &str) -> bool {
    matches!(
        w,
        "set"
            | "put"
            | "cut"
            | "hit"
            | "shut"
            | "let"
            | "quit"
            | "spread"
            | "cast"
            | "broadcast"
            | "bid"
            | "upset"
            | "burst"
            | "split"
            | "shed"
            | "beat"
            | "hurt"
            | "cost"
            | "read"
    )
}

/// Adverbs that may sit inside a verb group (`has also sent`, `reportedly seized`).
pub(crate) fn is_verb_adverb(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "already"
            | "still"
            | "recently"
            | "reportedly"
            | "allegedly"
            | "again"
            | "now"
            | "then"
            | "just"
            | "later"
            | "since"
            | "first"
            | "eventually"
            | "finally"
            | "further"
            | "formally"
            | "officially"
            | "publicly"
            | "repeatedly"
            | "once"
            | "ever"
            | "jointly"
            | "successfully"
            | "unilaterally"
            | "quickly"
            | "secretly"
            | "openly"
            | "effectively"
            | "apparently"
            | "previously"
            | "subsequently"
            | "immediately"
            | "soon"
            | "even"
            | "long"
            | "always"
            | "largely"
            | "increasingly"
            | "directly"
            | "indeed"
            | "swiftly"
            | "strongly"
            | "sharply"
            | "firmly"
            | "fiercely"
            | "actually"
            | "temporarily"
            | "not"
            | "never"
            | "n't"
            | "allegedly,"
            | "reluctantly"
            | "personally"
            | "separately"
            | "likely"
            | "probably"
            | "possibly"
            | "partially"
            | "partly"
            | "fully"
            | "only"
    )
}

/// Negation words inside a verb group.
pub(crate) fn is_negation(w: &str) -> bool {
    matches!(w, "not" | "never" | "n't" | "neither" | "nor") || is_negated_auxiliary(w)
}

/// Personal pronouns that can be the subject of a verb.
pub(crate) fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "it" | "we")
}

/// Relative pronouns and clause-opening conjunctions: a subject is not
/// searched across them.
pub(crate) fn is_clause_opener(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "while"
            | "whereas"
            | "because"
            | "although"
            | "though"
            | "if"
            | "unless"
            | "when"
            | "where"
            | "after"
            | "before"
            | "since"
            | "as"
            | "but"
            | "so"
            | "once"
            | "whether"
    )
}

/// Tokens that end a clause for gaps and target search.
pub(crate) fn is_hard_boundary(w: &str) -> bool {
    matches!(w, ";" | ":" | "\"" | "(" | ")" | "[" | "]" | "." | "?" | "!" | "...")
}

/// Verbs of saying and reporting: the clause they govern is attributed.
pub(crate) fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "stated"
            | "states"
            | "reported"
            | "reports"
            | "claimed"
            | "claims"
            | "announced"
            | "announces"
            | "added"
            | "noted"
            | "wrote"
            | "tweeted"
            | "alleged"
            | "alleges"
            | "insisted"
            | "argued"
            | "explained"
            | "declared"
            | "confirmed"
            | "confirms"
            | "revealed"
            | "disclosed"
            | "quoted"
            | "believe"
            | "believes"
            | "believed"
            | "suggested"
            | "asserted"
            | "maintained"
            | "maintains"
            | "stressed"
            | "emphasized"
            | "emphasised"
            | "indicated"
            | "acknowledged"
            | "opined"
    )
}

/// Verbs of denial: the event they govern, or the report they name, is denied.
pub(crate) fn is_denial_verb(w: &str) -> bool {
    matches!(
        w,
        "denied"
            | "denies"
            | "deny"
            | "denying"
            | "dismissed"
            | "dismisses"
            | "dismiss"
            | "rejected"
            | "rejects"
            | "refuted"
            | "refutes"
            | "rebuffed"
            | "disputed"
            | "disputes"
            | "contradicted"
            | "repudiated"
            | "debunked"
    )
}

/// Nouns for a report or claim (`dismissed the report`).
pub(crate) fn is_report_noun(w: &str) -> bool {
    matches!(
        w,
        "report"
            | "reports"
            | "claim"
            | "claims"
            | "allegation"
            | "allegations"
            | "accusation"
            | "accusations"
            | "story"
            | "stories"
            | "rumours"
            | "rumors"
            | "rumour"
            | "rumor"
            | "account"
            | "accounts"
            | "charge"
            | "charges"
            | "speculation"
    )
}

/// Verbs of intention governing an infinitive: the event is planned.
pub(crate) fn is_plan_verb(w: &str) -> bool {
    matches!(
        w,
        "plan"
            | "plans"
            | "planned"
            | "planning"
            | "intend"
            | "intends"
            | "intended"
            | "intending"
            | "aim"
            | "aims"
            | "aimed"
            | "aiming"
            | "expect"
            | "expects"
            | "expected"
            | "want"
            | "wants"
            | "wanted"
            | "seek"
            | "seeks"
            | "sought"
            | "prepare"
            | "prepares"
            | "prepared"
            | "preparing"
            | "promise"
            | "promises"
            | "promised"
            | "promising"
            | "pledge"
            | "pledges"
            | "pledged"
            | "pledging"
            | "vow"
            | "vows"
            | "vowed"
            | "vowing"
            | "agree"
            | "agrees"
            | "agreed"
            | "decide"
            | "decides"
            | "decided"
            | "set"
            | "scheduled"
            | "due"
            | "hope"
            | "hopes"
            | "hoped"
            | "hoping"
            | "going"
            | "offer"
            | "offers"
            | "offered"
            | "proposed"
            | "proposes"
            | "propose"
            | "poised"
            | "ready"
            | "willing"
    )
}

/// What a verb governing an infinitive or gerund says of it (by lemma):
/// `Some(true)` it happened (`managed to`, `went on to`, `was forced to`,
/// `kept attacking`), `Some(false)` it did not (`refused to`, `failed to`,
/// `stopped supplying`), `None` neither (`tried to`, `allowed X to`).
pub(crate) fn implication(lemma: &str) -> Option<bool> {
    match lemma {
        "manage" | "continue" | "begin" | "start" | "proceed" | "go" | "come" | "get" | "dare" | "remember"
        | "bother" | "hasten" | "force" | "compel" | "oblige" | "use" | "help" | "keep" | "resume" | "finish"
        | "end" | "succeed" | "rush" | "move" | "step" | "opt" | "choose" | "elect" | "vote" | "turn" | "tend"
        | "seem" | "appear" | "prove" | "return" | "repeat" | "cause" | "lead" | "prompt" | "drive" | "spur" => {
            Some(true)
        }
        "refuse" | "fail" | "decline" | "avoid" | "neglect" | "forget" | "stop" | "cease" | "quit" | "refrain"
        | "halt" | "abandon" => Some(false),
        _ => None,
    }
}

/// Lemmas of wish, fear, doubt, demand and proposal: a clause under them
/// (`hoped the men would be imprisoned`, `a demand that Germany
/// prosecute`) tells what someone wants or fears, not what happened.
pub(crate) fn is_irrealis_lemma(lemma: &str) -> bool {
    matches!(
        lemma,
        "hope"
            | "wish"
            | "fear"
            | "doubt"
            | "sceptical"
            | "skeptical"
            | "doubtful"
            | "unsure"
            | "demand"
            | "insist"
            | "suggest"
            | "propose"
            | "proposal"
            | "recommend"
            | "recommendation"
            | "want"
            | "prefer"
            | "imagine"
            | "worry"
            | "concern"
            | "question"
            | "ensure"
            | "hypothesis"
            | "possibility"
            | "risk"
            | "chance"
            | "prospect"
            | "danger"
            | "condition"
            | "request"
            | "call"
    )
}

/// Participles that make a name before a hyphen a group's backer
/// (`US-backed`, `Iran-funded`, `Russia-aligned`).
pub(crate) fn is_backing_participle(w: &str) -> bool {
    matches!(
        w,
        "backed"
            | "funded"
            | "financed"
            | "sponsored"
            | "supported"
            | "armed"
            | "trained"
            | "allied"
            | "aligned"
            | "installed"
            | "friendly"
            | "brokered"
            | "mediated"
            | "inspired"
            | "affiliated"
            | "linked"
    )
}

/// Nouns of treaties between states (not contracts): `ratified the treaty`.
pub(crate) fn is_treaty_noun(w: &str) -> bool {
    matches!(
        w,
        "treaty" | "treaties" | "convention" | "conventions" | "protocol" | "accord" | "accords" | "pact" | "charter"
    )
}

/// Nouns of weapons and attacks that can be the subject of a verb of
/// violence whose doer goes unsaid: `an air strike killed 14 people`.
pub(crate) fn is_attack_noun(w: &str) -> bool {
    matches!(
        w,
        "strike"
            | "strikes"
            | "airstrike"
            | "airstrikes"
            | "bomb"
            | "bombs"
            | "bombing"
            | "bombings"
            | "blast"
            | "blasts"
            | "explosion"
            | "explosions"
            | "attack"
            | "attacks"
            | "shelling"
            | "shell"
            | "shells"
            | "rocket"
            | "rockets"
            | "missile"
            | "missiles"
            | "drone"
            | "drones"
            | "mortar"
            | "mortars"
            | "landmine"
            | "landmines"
            | "mine"
            | "grenade"
            | "gunfire"
            | "barrage"
            | "raid"
            | "raids"
            | "ambush"
            | "bombardment"
            | "fighting"
            | "clashes"
            | "violence"
            | "offensive"
            | "assault"
            | "gunfight"
            | "shootout"
            | "crossfire"
            | "ied"
    )
}

/// Verbs that say someone was hurt or killed, whoever did it: the verbs
/// of violence coded with an unsaid doer (`were killed in an ambush`).
/// Not `beaten`, `kicked out`, `seized`, `confined`: their figurative and
/// non-violent senses are as common in news.
pub(crate) fn is_harm_verb(w: &str) -> bool {
    let stem = w.strip_suffix("ed").or_else(|| w.strip_suffix('s')).unwrap_or(w);
    matches!(
        stem,
        "kill"
            | "murder"
            | "wound"
            | "injur"
            | "execut"
            | "behead"
            | "kidnapp"
            | "abduct"
            | "tortur"
            | "rap"
            | "massacr"
            | "slaughter"
            | "bomb"
            | "shell"
            | "gunn"
            | "stabb"
            | "attack"
            | "assassinat"
            | "lynch"
            | "target"
    ) || matches!(w, "shot" | "hit" | "struck" | "injure" | "execute" | "torture" | "massacre" | "assassinate")
}

/// The kind of violence a weapon names (CAMEO): bombs 183 (suicide 1831,
/// car 1832, roadside 1833), chemical weapons 2041, artillery 194, aircraft
/// and missiles 195, guns 193. `prev` is the word before `w` (`air strike`).
pub(crate) fn weapon_code(prev: &str, w: &str) -> Option<&'static str> {
    const BOMB: [&str; 7] = ["bomb", "bombs", "bombing", "bombings", "bomber", "bombers", "attack"];
    match (prev, w) {
        ("suicide", _) if BOMB.contains(&w) || w == "attacks" => return Some("1831"),
        ("car", _) | ("truck", _) if BOMB.contains(&w) => return Some("1832"),
        ("roadside", _) if BOMB.contains(&w) => return Some("1833"),
        ("chemical", "attack" | "attacks" | "weapon" | "weapons") | (_, "sarin" | "chlorine" | "nerve") => {
            return Some("2041")
        }
        ("explosive", "device" | "devices") => return Some("183"),
        _ => {}
    }
    match w {
        "bomb" | "bombs" | "bombing" | "bombings" | "blast" | "blasts" | "explosion" | "explosions" | "ied"
        | "ieds" => Some("183"),
        "shelling" | "artillery" | "mortar" | "mortars" | "rocket" | "rockets" | "shells" | "bombardment" => {
            Some("194")
        }
        "airstrike" | "airstrikes" | "drone" | "drones" | "missile" | "missiles" | "warplane" | "warplanes" => {
            Some("195")
        }
        "strike" | "strikes" if prev == "air" || prev == "drone" || prev == "missile" => Some("195"),
        "gunfire" | "gunmen" | "gunman" | "shooting" | "gunfight" | "shootout" => Some("193"),
        _ => None,
    }
}

/// Adverbs of habit: `were always shot`, `every time`, `in daily contact`.
pub(crate) fn is_habitual_adverb(w: &str) -> bool {
    matches!(
        w,
        "always"
            | "usually"
            | "often"
            | "routinely"
            | "regularly"
            | "sometimes"
            | "every"
            | "whenever"
            | "daily"
            | "frequently"
            | "constantly"
            | "habitually"
            | "typically"
            | "traditionally"
            | "rarely"
            | "seldom"
    )
}

/// Nouns of accidents, disasters and disease: `killed in a crash`,
/// `the storm killed 12 people` are no violence between actors.
pub(crate) fn is_disaster_noun(w: &str) -> bool {
    matches!(
        w,
        "crash"
            | "crashes"
            | "accident"
            | "accidents"
            | "collision"
            | "storm"
            | "storms"
            | "hurricane"
            | "typhoon"
            | "cyclone"
            | "tornado"
            | "earthquake"
            | "quake"
            | "tsunami"
            | "flood"
            | "floods"
            | "flooding"
            | "landslide"
            | "landslides"
            | "mudslide"
            | "avalanche"
            | "stampede"
            | "blaze"
            | "wildfire"
            | "wildfires"
            | "heatwave"
            | "derailment"
            | "drowning"
            | "outbreak"
            | "disease"
            | "epidemic"
            | "pandemic"
            | "virus"
            | "lightning"
            | "eruption"
    )
}

/// Verbs of threatening governing an infinitive.
pub(crate) fn is_threat_verb(w: &str) -> bool {
    matches!(w, "threaten" | "threatens" | "threatened" | "threatening" | "warned" | "warns" | "warn")
}

/// Nouns of markets and money: the object of `support` in market news
/// (`support the dollar`, `supported prices`, `support the top rating`).
pub(crate) fn is_market_noun(w: &str) -> bool {
    matches!(
        w,
        "dollar"
            | "dollars"
            | "pound"
            | "sterling"
            | "yen"
            | "mark"
            | "marks"
            | "franc"
            | "francs"
            | "currency"
            | "currencies"
            | "price"
            | "prices"
            | "rate"
            | "rates"
            | "rating"
            | "ratings"
            | "market"
            | "markets"
            | "shares"
            | "stocks"
            | "bonds"
            | "output"
            | "demand"
            | "earnings"
            | "profits"
    )
}

/// Whether `back` between `prev` and `next` is the verb (`refused to back
/// the invasion`, `they back their struggle`, `will back up`) rather than
/// the adverb of `bring the child back`, `claw back territory`, `get back
/// to work`: after a word that can stand before a bare verb, and not before
/// a word of direction. Of 45 mentions anchored on `back` in the Guardian,
/// AP and State of the Union text, 3 were the verb.
pub(crate) fn backs_as_verb(prev: &str, next: &str) -> bool {
    let before_verb = prev == "to"
        || is_modal(prev)
        || is_negation(prev)
        || matches!(
            prev,
            "and" | "or" | "also" | "did" | "do" | "does" | "they" | "we" | "i" | "you" | "strongly" | "firmly"
        )
        || prev.ends_with("n't");
    let direction = matches!(
        next,
        "to" | "into"
            | "in"
            | "from"
            | "on"
            | "down"
            | "home"
            | "across"
            | "together"
            | "off"
            | "out"
            | "onto"
            | "toward"
            | "towards"
            | "at"
            | "away"
            | "again"
            | "."
            | ","
    );
    before_verb && !direction
}

/// Words that make a clause hypothetical. Obligation and ability (`Hamas
/// must recognize Israel`, `it can punish any enemy`) say nothing happened.
/// Nouns of conjecture whose clause is not asserted (`speculation Russia
/// would retaliate`, `fears that Iran will attack`).
pub(crate) fn is_conjecture_noun(w: &str) -> bool {
    matches!(
        w,
        "speculation"
            | "speculations"
            | "rumour"
            | "rumours"
            | "rumor"
            | "rumors"
            | "fear"
            | "fears"
            | "possibility"
            | "prospect"
            | "prospects"
            | "risk"
            | "danger"
            | "likelihood"
            | "suggestion"
            | "suggestions"
            | "scenario"
            | "hypothesis"
            | "worries"
            | "concern"
            | "concerns"
    )
}

/// Verbs of prevention whose object's gerund did not happen (`stop Iran
/// smuggling`, `prevent them from entering`).
pub(crate) fn is_prevention_verb(w: &str) -> bool {
    matches!(
        w,
        "stop"
            | "stops"
            | "stopped"
            | "stopping"
            | "prevent"
            | "prevents"
            | "prevented"
            | "preventing"
            | "deter"
            | "deters"
            | "deterred"
            | "deterring"
            | "bar"
            | "bars"
            | "barred"
            | "barring"
            | "ban"
            | "bans"
            | "banned"
            | "banning"
            | "keep"
            | "keeps"
            | "kept"
            | "keeping"
            | "discourage"
            | "discouraged"
            | "dissuade"
            | "dissuaded"
    )
}

/// Verbs (lemmas) of backing, whose passive participle names a standing
/// relation (`forces backed by Moscow`).
pub(crate) fn is_backing_lemma(w: &str) -> bool {
    matches!(
        w,
        "back" | "support" | "sponsor" | "fund" | "finance" | "bankroll" | "arm" | "shield" | "protect" | "prop"
    )
}

/// Nouns of backing, which name a standing relation (`Russian support for
/// the regime`).
pub(crate) fn is_backing_noun(w: &str) -> bool {
    matches!(w, "support" | "backing" | "sponsorship" | "patronage" | "protection")
}

/// Nouns of a move that announcing it plans (`announced a withdrawal`).
pub(crate) fn is_move_noun(w: &str) -> bool {
    matches!(
        w,
        "withdrawal" | "pullout" | "pull-out" | "drawdown" | "visit" | "trip" | "tour" | "deployment" | "redeployment"
    )
}

/// Adverbs of habit or duration: the verb they modify is a pattern, not
/// one act (`has consistently denigrated`, `has long backed`).
pub(crate) fn is_habit_adverb(w: &str) -> bool {
    matches!(
        w,
        "consistently"
            | "routinely"
            | "always"
            | "often"
            | "frequently"
            | "regularly"
            | "traditionally"
            | "historically"
            | "habitually"
            | "usually"
            | "long"
            | "generally"
            | "typically"
    )
}

/// People who travel on their own account: their journeys are no visits.
pub(crate) fn is_private_person(w: &str) -> bool {
    matches!(
        w,
        "fighter"
            | "fighters"
            | "volunteer"
            | "volunteers"
            | "jihadist"
            | "jihadists"
            | "militant"
            | "militants"
            | "extremist"
            | "extremists"
            | "national"
            | "nationals"
            | "citizen"
            | "citizens"
            | "teenager"
            | "teenagers"
            | "migrant"
            | "migrants"
            | "refugee"
            | "refugees"
            | "tourist"
            | "tourists"
            | "student"
            | "students"
            | "recruit"
            | "recruits"
    )
}

/// Compass words that start a region's name (`eastern`, `north`).
pub(crate) fn is_compass(w: &str) -> bool {
    matches!(
        w,
        "eastern"
            | "western"
            | "northern"
            | "southern"
            | "central"
            | "north"
            | "south"
            | "east"
            | "west"
            | "upper"
            | "lower"
    )
}

pub(crate) fn is_hypothetical_cue(w: &str) -> bool {
    matches!(
        w,
        "could"
            | "might"
            | "may"
            | "must"
            | "can"
            | "ought"
            | "mustn't"
            | "shouldn't"
            | "if"
            | "unless"
            | "possibly"
            | "perhaps"
            | "maybe"
            | "potentially"
            | "should"
            | "hypothetically"
            | "couldn't"
            | "would-be"
    )
}

/// Coordinating words inside an actor list.
pub(crate) fn is_coordinator(w: &str) -> bool {
    matches!(w, "and" | "or" | "plus" | "&")
}

/// Phrases that refer back to a pair of actors already mentioned.
pub(crate) const PAIR_PHRASES: &[&str] = &[
    "the two countries",
    "both countries",
    "the two nations",
    "both nations",
    "the two states",
    "both states",
    "the two sides",
    "both sides",
    "the two governments",
    "both governments",
    "the two leaders",
    "both leaders",
    "the two presidents",
    "the two allies",
    "both allies",
    "the two capitals",
    "the two neighbours",
    "the two neighbors",
    "each other",
];

/// Common verbs that are not event anchors but still head clauses; the
/// loader inflects them so the parser knows where predicates start.
pub(crate) const COMMON_VERBS: &[&str] = &[
    "be",
    "have",
    "do",
    "become",
    "remain",
    "seem",
    "appear",
    "continue",
    "cause",
    "include",
    "involve",
    "come",
    "go",
    "get",
    "give",
    "take",
    "make",
    "put",
    "keep",
    "let",
    "begin",
    "start",
    "stop",
    "try",
    "want",
    "need",
    "know",
    "think",
    "believe",
    "see",
    "look",
    "find",
    "show",
    "use",
    "work",
    "turn",
    "move",
    "live",
    "face",
    "suffer",
    "grow",
    "rise",
    "fall",
    "reach",
    "lead",
    "run",
    "hold",
    "bring",
    "help",
    "allow",
    "enable",
    "push",
    "pull",
    "raise",
    "reduce",
    "increase",
    "expand",
    "strengthen",
    "weaken",
    "boost",
    "spread",
    "happen",
    "occur",
    "emerge",
    "decline",
    "describe",
    "consider",
    "regard",
    "view",
    "focus",
    "tend",
    "seek",
    "plan",
    "aim",
    "expect",
    "hope",
    "intend",
    "decide",
    "manage",
    "fail",
    "refuse",
    "agree",
    "promise",
    "vow",
    "pledge",
    "pass",
    "dominate",
    "raise",
    "underscore",
    "underline",
    "mark",
    "represent",
    "reflect",
    "remind",
    "serve",
    "stem",
    "bind",
    "carry",
    "face",
    "gain",
    "lose",
    "win",
    "pay",
    "spend",
    "buy",
    "sell",
    "earn",
    "say",
    "tell",
    "speak",
    "ask",
    "report",
    "claim",
    "announce",
    "add",
    "note",
    "write",
    "tweet",
    "insist",
    "argue",
    "explain",
    "declare",
    "confirm",
    "reveal",
    "state",
    "stress",
    "emphasize",
    "emphasise",
    "indicate",
    "acknowledge",
    "deny",
    "dismiss",
    "threaten",
    "warn",
    "arrive",
    "leave",
    "return",
    "travel",
    "sail",
    "dock",
    "land",
    "depart",
    "celebrate",
    "wave",
    "pay",
    "resist",
    "stand",
    "extend",
    "offer",
    "quench",
    "complicate",
    "provoke",
    "carry",
    "assist",
    "deter",
    "transfer",
    "ensure",
    "prevent",
    "thwart",
    "topple",
    "isolate",
    "strangle",
    "circumvent",
    "relieve",
    "improve",
    "challenge",
    "revive",
    "increase",
    "calm",
    "trigger",
    "remain",
    "predate",
    "evolve",
    "fear",
    "drive",
    "born",
    "bind",
];

/// Words of an amount before an actor (`hundreds of`, `more than 200`).
pub(crate) fn is_amount_word(w: &str) -> bool {
    matches!(
        w,
        "hundreds"
            | "thousands"
            | "dozens"
            | "scores"
            | "millions"
            | "more"
            | "than"
            | "at"
            | "least"
            | "about"
            | "around"
            | "nearly"
            | "almost"
            | "over"
            | "some"
            | "several"
            | "many"
            | "of"
            | "few"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "dozen"
            | "hundred"
            | "thousand"
            | "handful"
    )
}

/// Verbs that govern an infinitive without making it a plan: the attempt
/// happened (`tried to assassinate` is CAMEO 185, not an intention).
pub(crate) fn is_attempt_verb(w: &str) -> bool {
    matches!(
        w,
        "try"
            | "tries"
            | "tried"
            | "trying"
            | "attempt"
            | "attempts"
            | "attempted"
            | "attempting"
            | "sought"
            | "seek"
            | "seeks"
    )
}

/// Verbs that ask, want or push someone else to act (`urged NATO to
/// withdraw`), by lemma: with an object, the event is the request, not the
/// act requested.
pub(crate) fn is_request_lemma(lemma: &str) -> bool {
    matches!(
        lemma,
        "want"
            | "wish"
            | "urge"
            | "ask"
            | "call"
            | "demand"
            | "request"
            | "encourage"
            | "press"
            | "push"
            | "appeal"
            | "invite"
            | "beg"
            | "order"
            | "tell"
            | "instruct"
            | "lobby"
            | "persuade"
            | "pressure"
            | "implore"
            | "exhort"
            | "advise"
            | "challenge"
    )
}
