//! Finding places in an article and choosing, for each mention, where its
//! event happened.
//!
//! One pass over the article finds every run of capitalised words that is a
//! name in the gazetteer (the longest name first, up to four words, linear
//! in the text). A mention's location is then chosen among the places of its
//! sentence that a locative word introduces (`in`, `at`, `near`, `outside`,
//! `into`, `off`; `to` and `visited` for arrivals and visits; `from` last),
//! the nearest to the event verb first; else the article's dateline (in the
//! text, or given apart as Reuters gives it). A name with several places
//! (Tripoli, Georgia, San José) is resolved by the mention's actors, the
//! article's other places, and population; a name that is both a country
//! and another country's division (Georgia) by the context alone. A choice
//! in doubt carries a note ([`Location::conflict`]): a close namesake in
//! another country, or a place outside the dateline's or the article's
//! country.

use dyad_types::{Feature, Location, LocationBasis, Mention, Span};
use rustc_hash::FxHashMap;

use crate::gazetteer::{key, Gazetteer, Place};

/// The most words in a place name.
const MAX_WORDS: usize = 4;

/// How far from the event verb a mention's place is looked for, in bytes.
const WINDOW: usize = 600;

/// The farthest a sentence's place may follow the event verb, in bytes.
const AFTER_VERB: usize = 70;

/// The farthest a place may come before the event verb, in bytes, unless
/// it opens the sentence.
const BEFORE_VERB: usize = 40;

/// A place this close to the start of the sentence (bytes) opens it.
const OPENING: usize = 25;

/// The opening of an article read for context, in bytes.
const LEAD: usize = 1_500;

/// A word of the text.
#[derive(Clone, Copy, Debug)]
struct Word {
    span: Span,
    /// Starts with a capital letter.
    cap: bool,
    /// Only spaces (no punctuation) separate it from the next word.
    joined: bool,
    /// Ends in a possessive `'s`, left out of `span`.
    possessive: bool,
}

/// A place name found in the text.
#[derive(Clone, Debug)]
struct Found {
    span: Span,
    /// The places the name can mean (indexes into the gazetteer).
    places: Vec<u32>,
    /// How strongly the words before it say "this is where": 0 for none.
    weight: u8,
}

/// Capitalised words that are never a place on their own.
#[rustfmt::skip]
const NOT_PLACES: &[&str] = &[
    "a", "an", "the", "in", "at", "on", "he", "she", "it", "they", "we", "i", "but", "and", "or", "if", "as", "by",
    "for", "to", "of", "this", "that", "these", "those", "there", "his", "her", "its", "their", "our", "reuters",
    "president", "minister", "general", "news", "god", "mr", "mrs", "ms", "dr", "university", "bank", "union",
    "state", "city", "republic", "north", "south", "east", "west", "central", "western", "eastern", "northern",
    "southern", "asia", "europe", "africa", "america", "americas", "oceania", "arctic", "antarctic", "parliament",
    "congress", "senate", "police", "army", "court", "government", "house", "party", "council",
];

/// Titles before a person's name: `President Jordan` is not a place.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "president", "minister", "mr", "mrs", "ms", "dr", "gen", "general", "senator", "sen", "rep", "governor", "gov",
    "king", "queen", "prince", "princess", "sheikh", "ayatollah", "pope", "judge", "lord", "lady", "sir",
    "chairman", "secretary", "ambassador", "colonel", "col", "captain", "capt", "mayor", "commander", "premier",
    "chancellor",
];

/// Days and months: never a place alone, and may follow one
/// (`in Caracas Tuesday`).
#[rustfmt::skip]
const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
];

/// Capitalised words that may follow a place within its phrase
/// (`Caracas Tuesday`, `Kabul Province`).
#[rustfmt::skip]
const AFTER_OK: &[&str] = &[
    "province", "city", "state", "region", "airport", "port", "harbour", "harbor", "governorate", "district",
];

/// Words between a locative word and the place: `in the northern city of`.
#[rustfmt::skip]
const LEAD_IN: &[&str] = &[
    "the", "city", "town", "port", "capital", "village", "province", "state", "region", "of", "northern",
    "southern", "eastern", "western", "central", "north", "south", "east", "west", "northeastern", "northwestern",
    "southeastern", "southwestern", "coastal", "border", "oil", "refinery", "terminal", "island", "holy",
    "besieged", "embattled", "nearby", "neighbouring", "neighboring", "outskirts", "suburbs", "downtown", "area",
    "district", "streets", "offices", "headquarters", "waters", "coast", "key", "strategic", "disputed", "occupied",
    "a", "an", "north-east", "north-west", "south-east", "south-west", "north-eastern", "north-western",
    "south-eastern", "south-western", "sidelines", "margins", "camp", "base", "embassy", "consulate", "parts", "part",
    "heart",
];

/// True for a capitalised word that is never a place on its own.
fn not_a_place(w: &str) -> bool {
    NOT_PLACES.contains(&w) || CALENDAR.contains(&w)
}

/// How strongly a word before a place says the event happened there.
fn locative(word: &str, before: &str) -> u8 {
    match word {
        "in" | "at" | "near" | "outside" | "inside" | "into" | "off" | "across" | "around" | "over" | "through"
        | "throughout" | "within" | "onto" | "visited" | "visit" | "visits" | "visiting" | "toured" | "reached"
        | "entered" | "raided" | "shelled" | "bombed" | "struck" | "hit" | "stormed" | "besieged" | "captured" => 3,
        "to" | "toward" | "towards" if !NOT_DESTINATION.contains(&before) => 2,
        // `from` names where someone comes from (`a citizen from Florida`),
        // which is no event's place; `from X to Y` has `to Y`.
        _ => 0,
    }
}

/// Words before `to` that make it no destination (`according to`).
#[rustfmt::skip]
const NOT_DESTINATION: &[&str] = &[
    "according", "due", "thanks", "addition", "compared", "similar", "next", "prior", "respect", "regard",
    "related", "linked", "owing", "close", "up", "talk", "talked", "spoke", "speak", "said", "wrote", "letter",
    "called", "appeal", "appealed", "message", "responded", "reply", "replied", "turned", "ally", "allies",
    "threat", "opposition", "support", "aid", "loyal", "respond",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-')
}

/// Splits text into words, keeping `U.S.`-style abbreviations whole and
/// taking a possessive `'s` off the word.
fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    let mut last_end = 0;
    while let Some((start, c)) = iter.next() {
        if !is_word_char(c) || c == '\'' || c == '\u{2019}' || c == '-' {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            // A full stop inside an abbreviation (`U.S.`, `U.A.E.`): after a
            // single capital letter, before another letter or at the end.
            let abbreviation = c == '.'
                && i >= 1
                && bytes[i - 1].is_ascii_uppercase()
                && (i < 2 || !bytes[i - 2].is_ascii_alphabetic())
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_uppercase() || b.is_ascii_whitespace());
            if is_word_char(c) || abbreviation {
                end = i + c.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let w = &text[start..end];
        let mut span = Span::new(start, end);
        // Trailing apostrophes and hyphens are punctuation.
        let trimmed = w.trim_end_matches(['\'', '\u{2019}', '-']);
        span.end = start + trimmed.len();
        let mut possessive = false;
        for s in ["'s", "\u{2019}s"] {
            if trimmed.len() > s.len() && trimmed.ends_with(s) {
                span.end -= s.len();
                possessive = true;
            }
        }
        if let Some(prev) = out.last_mut() {
            prev.joined = !prev.possessive && text.get(last_end..start).is_some_and(|g| g.trim().is_empty());
        }
        last_end = end;
        out.push(Word { span, cap: c.is_uppercase(), joined: false, possessive });
    }
    out
}

/// The places of an article, found once and used for each of its mentions.
pub struct ArticlePlaces<'t> {
    g: &'static Gazetteer,
    text: &'t str,
    found: Vec<Found>,
    /// The dateline's place, if the article opens with one or its source
    /// gives one apart.
    dateline: Option<Found>,
    /// The dateline's place name when the source gives the dateline apart
    /// from the text (its `span` is then no span of the text).
    dateline_apart: Option<&'t str>,
    /// The country of the dateline's likeliest place.
    dateline_country: Option<&'static str>,
    /// The country the article names most, if one leads (named at least
    /// three times, more than any other).
    main_country: Option<&'static str>,
    /// How often the article names each country, directly or through a
    /// place that can only be in it.
    countries: FxHashMap<&'static str, u32>,
}

impl<'t> ArticlePlaces<'t> {
    /// Finds the places of all of `text` in the built-in gazetteer.
    pub fn find(text: &'t str) -> ArticlePlaces<'t> {
        ArticlePlaces::find_in(Gazetteer::get(), text, None, &[Span::new(0, text.len())])
    }

    /// Finds the places the mentions of an article can use: in their
    /// sentences (up to 600 bytes either side of the event verb)
    /// and in the article's opening 1,500 bytes, which give context for
    /// telling same-name places apart. Memory and time stay bounded by the
    /// mentions, whatever the length of the text. `dateline` is a dateline
    /// the source gives apart from the text (`SALVADOR, Feb 26`), read
    /// when the text opens with none.
    pub fn for_mentions(text: &'t str, dateline: Option<&'t str>, mentions: &[Mention]) -> ArticlePlaces<'t> {
        let regions: Vec<Span> = mentions.iter().map(|m| ArticlePlaces::region(text, m)).collect();
        ArticlePlaces::for_regions(text, dateline, regions)
    }

    /// The part of `text` where the places of mention `m` are looked for
    /// (its sentence, up to 600 bytes either side of the event verb): what
    /// [`ArticlePlaces::for_mentions`] keeps of each mention, so that a
    /// document too long to hold its mentions can be located in two passes
    /// (the regions first, then each mention as it is coded again).
    pub fn region(text: &str, m: &Mention) -> Span {
        let v = m.evidence.verb_span;
        let start = m.span.start.max(v.start.saturating_sub(WINDOW));
        let end = m.span.end.min(v.end.saturating_add(WINDOW)).min(text.len());
        Span::new(start.min(end), end)
    }

    /// [`ArticlePlaces::for_mentions`] from the mentions' regions
    /// ([`ArticlePlaces::region`]), in any order: the same places.
    pub fn for_regions(text: &'t str, dateline: Option<&'t str>, mut regions: Vec<Span>) -> ArticlePlaces<'t> {
        regions.push(Span::new(0, LEAD.min(text.len())));
        ArticlePlaces::find_in(Gazetteer::get(), text, dateline, &regions)
    }

    /// Finds the places of `regions` of `text` (overlapping regions are
    /// merged) in a gazetteer; `dateline` as for [`ArticlePlaces::for_mentions`].
    pub fn find_in(
        g: &'static Gazetteer,
        text: &'t str,
        dateline_field: Option<&'t str>,
        regions: &[Span],
    ) -> ArticlePlaces<'t> {
        let mut regions = regions.to_vec();
        regions.sort();
        let mut merged: Vec<Span> = Vec::new();
        for r in regions {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        let mut found = Vec::new();
        for r in merged {
            // Regions end on character boundaries: move inwards if not.
            let (mut a, mut b) = (r.start.min(text.len()), r.end.min(text.len()));
            while !text.is_char_boundary(a) {
                a += 1;
            }
            while b > a && !text.is_char_boundary(b) {
                b -= 1;
            }
            scan(g, text, Span::new(a, b.max(a)), &mut found);
        }
        let mut dateline_apart = None;
        let dateline = dateline(g, text).or_else(|| {
            let field = dateline_field?;
            let d = dateline(g, field)?;
            dateline_apart = field.get(d.span.start..d.span.end);
            Some(d)
        });
        let mut countries: FxHashMap<&'static str, u32> = FxHashMap::default();
        for f in found.iter().chain(dateline.as_ref()) {
            let first = g.place(f.places[0]).country;
            if f.places.iter().all(|&p| g.place(p).country == first) && !first.is_empty() {
                *countries.entry(first).or_default() += 1;
            }
        }
        let mut dateline_country = None;
        if let Some(d) = &dateline {
            if let Some(c) = best(g, &d.places, &[], &countries).map(|(p, _)| g.place(p).country) {
                *countries.entry(c).or_default() += 3;
                dateline_country = Some(c).filter(|c| !c.is_empty());
            }
        }
        let mut ranked: Vec<(&'static str, u32)> = countries.iter().map(|(&c, &n)| (c, n)).collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let main_country = match ranked[..] {
            [(c, n), (_, m), ..] if n >= 3 && n > m => Some(c),
            [(c, n)] if n >= 3 => Some(c),
            _ => None,
        };
        ArticlePlaces { g, text, found, dateline, dateline_apart, dateline_country, main_country, countries }
    }

    /// Every place name found, in text order, with the most likely place.
    pub fn places(&self) -> impl Iterator<Item = (Span, &'static Place)> + '_ {
        self.found
            .iter()
            .filter_map(|f| best(self.g, &f.places, &[], &self.countries).map(|(p, _)| (f.span, self.g.place(p))))
    }

    /// Where the event of `m` happened: a place its sentence introduces
    /// with a locative word, else the dateline; `None` when the text names
    /// neither.
    pub fn locate(&self, m: &Mention) -> Option<Location> {
        let actors: Vec<&str> = m.source.iter().chain(&m.target).map(|a| a.country.as_str()).collect();
        let targets: Vec<&str> = m.target.iter().map(|a| a.country.as_str()).collect();
        let verb = m.evidence.verb_span;
        let first = self.found.partition_point(|f| f.span.start < m.span.start);
        let mut choice: Option<(i64, &Found, Ranked)> = None;
        for f in self.found[first..].iter().take_while(|f| f.span.end <= m.span.end) {
            if f.weight == 0 {
                continue;
            }
            let Some(r) = rank(self.g, &f.places, &actors, &self.countries) else { continue };
            let place = self.g.place(r.place);
            // `sent fuel to Venezuela`: a destination that is the recipient
            // itself names the party, not a place.
            if f.weight < 3 && place.feature == Feature::Country && targets.contains(&place.country) {
                continue;
            }
            // A place far from the verb belongs to another clause (`asked
            // Britain to take back fighters captured in Syria`); one before
            // the verb counts near it (`officials in Tehran said`) or at the
            // head of the sentence (`In Caracas, Maduro met …`).
            let distance = if f.span.start >= verb.end {
                f.span.start - verb.end
            } else {
                2 * verb.start.saturating_sub(f.span.end)
            };
            let opening = f.span.start.saturating_sub(m.span.start) <= OPENING;
            let near = if f.span.start >= verb.end { distance <= AFTER_VERB } else { distance <= 2 * BEFORE_VERB };
            if !near && !opening {
                continue;
            }
            // A city or a site beats a country the same words introduce
            // (`stormed the US embassy in Baghdad`).
            let precision = 400 * i64::from(3 - place.feature.rank());
            let score = i64::from(f.weight) * 100_000 + precision - distance as i64;
            if choice.is_none_or(|(s, ..)| score > s) {
                choice = Some((score, f, r));
            }
        }
        if let Some((_, f, r)) = choice {
            return Some(self.location(f, r, LocationBasis::Sentence, 1.0));
        }
        let d = self.dateline.as_ref()?;
        let r = rank(self.g, &d.places, &actors, &self.countries)?;
        Some(self.location(d, r, LocationBasis::Dateline, 0.8))
    }

    /// Why a choice is in doubt, if it is: a namesake in another country
    /// that scored close, a dateline in another country, or (without a
    /// dateline) an article mostly about another country.
    fn conflict(&self, r: &Ranked, basis: LocationBasis) -> Option<String> {
        let place = self.g.place(r.place);
        let mut notes = Vec::new();
        if let Some(q) = r.runner.filter(|_| r.confidence < 0.75).map(|q| self.g.place(q)) {
            notes.push(format!("also {}, {} {}", q.name, q.country, q.feature.as_str()));
        }
        let elsewhere = |c: &str| !place.country.is_empty() && c != place.country;
        if basis == LocationBasis::Sentence {
            match (self.dateline_country, &self.dateline) {
                (Some(c), Some(d)) if elsewhere(c) => {
                    let name = self.dateline_apart.or_else(|| self.text.get(d.span.start..d.span.end)).unwrap_or("");
                    notes.push(format!("dateline: {}, {c}", name.trim()));
                }
                (None, _) => {
                    if let Some(c) = self.main_country.filter(|c| elsewhere(c)) {
                        notes.push(format!("article: {c}"));
                    }
                }
                _ => {}
            }
        }
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    fn location(&self, f: &Found, r: Ranked, basis: LocationBasis, scale: f32) -> Location {
        let place = self.g.place(r.place);
        let (text, span) = match (basis, self.dateline_apart) {
            (LocationBasis::Dateline, Some(name)) => (name, None),
            _ => (self.text.get(f.span.start..f.span.end).unwrap_or(""), Some(f.span)),
        };
        let confidence = r.confidence * scale;
        Location {
            conflict: self.conflict(&r, basis),
            text: text.to_string(),
            span,
            name: place.name.to_string(),
            feature: place.feature,
            country: place.country.to_string(),
            adm1: place.adm1.to_string(),
            lat: f64::from(place.lat),
            lon: f64::from(place.lon),
            geonameid: u64::from(place.geonameid),
            basis,
            confidence: (confidence * 100.0).round() / 100.0,
        }
    }
}

/// Finds the place names in `region` of `text`, the longest name first,
/// appending them in text order.
fn scan(g: &Gazetteer, text: &str, region: Span, found: &mut Vec<Found>) {
    let Some(part) = text.get(region.start..region.end) else { return };
    let mut ws = words(part);
    for w in &mut ws {
        w.span = Span::new(w.span.start + region.start, w.span.end + region.start);
    }
    // Lowercase forms only for capitalised words and the few before them.
    let lower: Vec<String> = ws
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let near_cap = ws[i..ws.len().min(i + 8)].iter().any(|w| w.cap);
            if near_cap {
                text[w.span.start..w.span.end].to_lowercase()
            } else {
                String::new()
            }
        })
        .collect();
    let mut k = String::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].cap {
            i += 1;
            continue;
        }
        // The longest name first; names end on a capitalised word.
        let mut hit = None;
        let mut last = i;
        while last + 1 < ws.len() && last - i + 1 < MAX_WORDS && ws[last].joined {
            last += 1;
        }
        for j in (i..=last).rev() {
            if !ws[j].cap || (j > i && ws[j - 1].possessive) {
                continue;
            }
            if j == i && not_a_place(&lower[i]) {
                continue;
            }
            key(&text[ws[i].span.start..ws[j].span.end], &mut k);
            let places = g.by_key(&k);
            if !places.is_empty() {
                hit = Some((j, places));
                break;
            }
        }
        let Some((j, places)) = hit else {
            i += 1;
            continue;
        };
        if !person_like(&ws, &lower, i, j) {
            found.push(Found {
                span: Span::new(ws[i].span.start, ws[j].span.end),
                places: places.to_vec(),
                weight: lead_weight(&ws, &lower, i),
            });
        }
        i = j + 1;
    }
}

/// True when the words `i..=j` look like a person's or an organisation's
/// name rather than a place: after a title or a capitalised word that is
/// no place (`President Jordan`, `Michael Jordan`), or before one
/// (`Washington Post`).
fn person_like(ws: &[Word], lower: &[String], i: usize, j: usize) -> bool {
    let before = i.checked_sub(1).filter(|&b| ws[b].joined && ws[b].cap && !ws[b].possessive);
    if let Some(b) = before {
        let w = lower[b].trim_end_matches('.');
        if TITLES.contains(&w) {
            return true;
        }
        let function = not_a_place(w) || LEAD_IN.contains(&w) || locative(w, "") > 0;
        if !function {
            return true;
        }
    }
    let after = (j + 1 < ws.len() && ws[j].joined && ws[j + 1].cap && !ws[j].possessive).then_some(j + 1);
    after.is_some_and(|a| !(AFTER_OK.contains(&lower[a].as_str()) || CALENDAR.contains(&lower[a].as_str())))
}

/// The weight of the locative word before word `i`, looking back over a
/// short lead-in (`in the northern city of`, `at the Venezuelan port of`).
fn lead_weight(ws: &[Word], lower: &[String], i: usize) -> u8 {
    let mut b = i;
    for _ in 0..6 {
        let Some(p) = b.checked_sub(1) else { return 0 };
        // Punctuation ends the lead-in (`Caracas, Maracay` gives Maracay none).
        if !ws[p].joined {
            return 0;
        }
        let w = lower[p].as_str();
        let prev = p.checked_sub(1).map_or("", |q| lower[q].as_str());
        let weight = locative(w, prev);
        if weight > 0 {
            return weight;
        }
        // Adjectives of nationality (`Venezuelan`, `Iraqi`, `Lebanese`) may
        // stand in the lead-in.
        let demonym = ws[p].cap && (w.ends_with("an") || w.ends_with('i') || w.ends_with("ese") || w.ends_with("ish"));
        if !LEAD_IN.contains(&w) && !demonym && !matches!(w, "and" | "or") {
            return 0;
        }
        b = p;
    }
    0
}

/// The likeliest place of a name, its confidence and the best namesake in
/// another country.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    place: u32,
    confidence: f32,
    runner: Option<u32>,
}

/// The likeliest place of a name, with a confidence (see [`rank`]).
fn best(
    g: &Gazetteer,
    places: &[u32],
    actors: &[&str],
    countries: &FxHashMap<&'static str, u32>,
) -> Option<(u32, f32)> {
    rank(g, places, actors, countries).map(|r| (r.place, r.confidence))
}

/// Ranks the places a name can mean: the actors' countries first, then the
/// countries the article names, then the kind of place and population. A
/// name that is both a country and a division of another country (Georgia)
/// goes to the division only when the context speaks for the division's
/// country more than for the other (`Atlanta`, `the US state`, an
/// American dateline or actor), else to the country.
fn rank(g: &Gazetteer, places: &[u32], actors: &[&str], countries: &FxHashMap<&'static str, u32>) -> Option<Ranked> {
    let support = |c: &str| {
        let actor = if actors.contains(&c) { 6.0 } else { 0.0 };
        actor + countries.get(c).map_or(0.0, |&n| 2.0 * f64::from(n.min(3)))
    };
    let country_named = places.iter().map(|&i| g.place(i)).find(|p| p.feature == Feature::Country);
    let score = |&i: &u32| {
        let p = g.place(i);
        // A country's or a division's name usually means it, not a town of
        // the same name; a division less so than a city of its name
        // (`Washington`, `New York`).
        let feature = match p.feature {
            Feature::Country => 3.0,
            Feature::Water | Feature::Site => 14.0,
            Feature::Adm1 => -3.0,
            Feature::City => 0.0,
        };
        // The actors' countries and the article's count, but do not carry
        // a small town over a famous namesake (Vienna, Virginia).
        let actor = if actors.contains(&p.country) { 6.0 } else { 0.0 };
        let named = countries.get(p.country).map_or(0.0, |&n| 2.0 * f64::from(n.min(3)));
        // A small town takes only half the article's context and none of
        // the actors' (`American diplomats met in Geneva` is not Illinois).
        let small = p.feature == Feature::City && p.population < 100_000;
        let context = if small { named.min(8.0) * 0.5 } else { f64::min(actor + named, 8.0) };
        let namesake = match country_named {
            Some(c)
                if p.feature == Feature::Adm1 && c.country != p.country && support(p.country) > support(c.country) =>
            {
                12.0
            }
            _ => 0.0,
        };
        feature + context + namesake + f64::from(p.population).ln_1p()
    };
    let mut scored: Vec<(f64, u32)> = places.iter().map(|i| (score(i), *i)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (top, p) = *scored.first()?;
    let runner = scored.iter().find(|(_, q)| g.place(*q).country != g.place(p).country).copied();
    let conf = match runner {
        None => 0.9,
        Some((r, _)) => 0.5 + 0.4 * ((top - r) / 10.0).clamp(0.0, 1.0),
    };
    Some(Ranked { place: p, confidence: conf as f32, runner: runner.map(|r| r.1) })
}

/// The place of a dateline (`CARACAS, May 25 (Reuters) -`,
/// `WASHINGTON (Reuters) -`): capital letters at the start of the text
/// before a comma, a parenthesis or a dash.
fn dateline(g: &Gazetteer, text: &str) -> Option<Found> {
    let start = text.len() - text.trim_start().len();
    let head = text.get(start..)?;
    let end = head.find([',', '(', '\u{2014}', '\u{2013}', '\n']).filter(|&e| e <= 40)?;
    let name = head[..end].trim_end().trim_end_matches(" -").trim_end();
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3
        || name.chars().any(|c| c.is_lowercase())
        || !name.chars().all(|c| c.is_alphabetic() || " .'-/".contains(c))
    {
        return None;
    }
    // `WASHINGTON/CARACAS`: the first place.
    let first = name.split('/').next().unwrap_or(name).trim();
    let mut k = String::new();
    key(first, &mut k);
    let places = g.by_key(&k);
    (!places.is_empty()).then(|| Found {
        span: Span::new(start, start + first.len()),
        places: places.to_vec(),
        weight: 0,
    })
}

/// The country a place name most likely lies in (`Caracas` → `VEN`,
/// `Strait of Hormuz` → none: international waters): a cheap look-up for
/// callers that only need the state.
pub fn place_country(name: &str) -> Option<&'static str> {
    let g = Gazetteer::get();
    let mut k = String::new();
    key(name, &mut k);
    best(g, g.by_key(&k), &[], &FxHashMap::default()).map(|(p, _)| g.place(p).country).filter(|c| !c.is_empty())
}

/// Fills the location of each mention of an article from its text and
/// the dateline its source gives apart from the text, if any.
pub fn locate_mentions(text: &str, dateline: Option<&str>, mentions: &mut [Mention]) {
    if mentions.is_empty() {
        return;
    }
    let places = ArticlePlaces::for_mentions(text, dateline, mentions);
    for m in mentions.iter_mut() {
        m.location = places.locate(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::{ActorRef, Evidence};

    /// Locates the event of `verb` in a one-mention article whose actors
    /// are the states `actors` (`IRN>VEN`), as `name COUNTRY feature basis`.
    fn locate(text: &str, verb: &str, actors: &str) -> String {
        match locate_full(text, None, verb, actors) {
            None => "-".into(),
            Some(l) => format!("{} {} {} {}", l.name, l.country, l.feature.as_str(), l.basis.as_str()),
        }
    }

    /// As [`locate`], with a dateline given apart, as `name COUNTRY feature
    /// basis [conflict]`.
    fn located(text: &str, dateline: Option<&str>, verb: &str, actors: &str) -> String {
        match locate_full(text, dateline, verb, actors) {
            None => "-".into(),
            Some(l) => format!(
                "{} {} {} {} [{}]",
                l.name,
                l.country,
                l.feature.as_str(),
                l.basis.as_str(),
                l.conflict.as_deref().unwrap_or("")
            ),
        }
    }

    /// The mention of `verb` in a one-mention article, located.
    fn locate_full(text: &str, dateline: Option<&str>, verb: &str, actors: &str) -> Option<Location> {
        let mut ms = vec![mention(text, verb, actors)];
        locate_mentions(text, dateline, &mut ms);
        ms.pop().and_then(|m| m.location)
    }

    /// A mention of the whole of `text` with the event verb `verb`.
    fn mention(text: &str, verb: &str, actors: &str) -> Mention {
        let at = text.find(verb).unwrap();
        let actor = |c: &str| ActorRef {
            text: c.into(),
            code: c.into(),
            country: c.into(),
            sector: String::new(),
            span: Span::default(),
        };
        let (s, t) = actors.split_once('>').unwrap_or((actors, ""));
        Mention {
            doc_id: "d".into(),
            sentence: 0,
            text: String::new(),
            span: Span::new(0, text.len()),
            source: s.split(',').filter(|c| !c.is_empty()).map(actor).collect(),
            target: t.split(',').filter(|c| !c.is_empty()).map(actor).collect(),
            cameo: String::new(),
            cameo_root: String::new(),
            plover: String::new(),
            quad_class: 0,
            goldstein: 0.0,
            date: None,
            date_precision: None,
            date_basis: dyad_types::DateBasis::Unknown,
            modality: dyad_types::Modality::Asserted,
            confidence: 0.0,
            quantities: Vec::new(),
            evidence: Evidence { verb: verb.into(), verb_span: Span::new(at, at + verb.len()), ..Evidence::default() },
            location: None,
        }
    }

    #[test]
    fn the_place_of_the_event_not_of_the_actors() {
        assert_eq!(
            locate("Iranian tankers arrived at El Palito on Monday.", "arrived", "IRN"),
            "El Palito VEN site sentence"
        );
        assert_eq!(
            locate("Refugees from Budapest arrived in Munich on Saturday.", "arrived", ""),
            "Munich DEU city sentence"
        );
        assert_eq!(locate("Iran sent fuel to Venezuela.", "sent", "IRN>VEN"), "-");
        assert_eq!(locate("Iran condemned Israel.", "condemned", "IRN>ISR"), "-");
        assert_eq!(locate("Protesters clashed with police in Iran.", "clashed", "IRN"), "Iran IRN country sentence");
    }

    #[test]
    fn a_dateline_places_what_the_sentence_does_not() {
        assert_eq!(
            locate("CARACAS, May 25 (Reuters) - Venezuela thanked Iran for the fuel.", "thanked", "VEN>IRN"),
            "Caracas VEN city dateline"
        );
        assert_eq!(
            locate("WASHINGTON (Reuters) - Officials met in Baghdad on Monday.", "met", "USA"),
            "Baghdad IRQ city sentence"
        );
    }

    #[test]
    fn names_with_several_places_take_the_actors_and_the_article() {
        assert_eq!(locate("Fighting broke out in Tripoli.", "broke", "LBY"), "Tripoli LBY city sentence");
        assert_eq!(locate("Gunmen attacked a bank in Tripoli.", "attacked", "LBN"), "Tripoli LBN city sentence");
        assert_eq!(locate("Police arrested ten people in Georgia.", "arrested", "USA"), "Georgia USA adm1 sentence");
        assert_eq!(locate("Russia sent troops into Georgia.", "sent", "RUS>GEO"), "Georgia GEO country sentence");
    }

    #[test]
    fn a_person_is_not_a_place() {
        assert_eq!(locate("The minister met President Jordan in the capital.", "met", ""), "-");
        assert_eq!(locate("He spoke at the Washington Post on Monday.", "spoke", ""), "-");
        assert_eq!(locate("The deal was signed according to Chandler.", "signed", ""), "-");
    }

    #[test]
    fn waters_and_sites() {
        assert_eq!(
            locate("Iran seized a tanker in the Strait of Hormuz.", "seized", "IRN"),
            "Strait of Hormuz  water sentence"
        );
    }

    #[test]
    fn a_list_of_two_hundred_cities_is_read_in_one_pass() {
        let g = Gazetteer::get();
        let names: Vec<&str> =
            g.places.iter().filter(|p| p.feature == Feature::City).map(|p| p.name).take(200).collect();
        let text = format!("Protests were held in {} on Monday.", names.join(", ").repeat(50));
        let places = ArticlePlaces::find(&text);
        assert!(places.places().count() >= 200 * 40);
        let out = locate(&text, "held", "");
        assert_ne!(out, "-");
    }

    /// Issue 12: a text listing 200 cities of many countries under a
    /// dateline, with a mention per city, gets each a location and a note
    /// of the conflict with the dateline. Each mention reads only the
    /// places within its own sentence (found once for the article), so the
    /// work grows with mentions × places of their sentences, not with the
    /// square of the article.
    #[test]
    fn two_hundred_cities_under_a_dateline_are_flagged_not_guessed_silently() {
        let g = Gazetteer::get();
        let names: Vec<&str> = g
            .places
            .iter()
            .filter(|p| p.feature == Feature::City && p.country != "VEN" && p.population > 1_000_000)
            .map(|p| p.name)
            .take(200)
            .collect();
        assert_eq!(names.len(), 200);
        let (text, mut ms) = rallies("CARACAS, May 25 (Reuters) - ", &names);
        locate_mentions(&text, None, &mut ms);
        let flagged = ms
            .iter()
            .filter_map(|m| m.location.as_ref())
            .filter(|l| l.conflict.as_deref().is_some_and(|c| c.contains("dateline: CARACAS, VEN")))
            .count();
        assert!(flagged >= 190, "{flagged} of 200 flagged");
    }

    /// `lead`, then a sentence `Protesters rallied in NAME on Monday.` for
    /// each of `names`, with a mention of each.
    fn rallies(lead: &str, names: &[&str]) -> (String, Vec<Mention>) {
        let mut text = String::from(lead);
        let mut ms = Vec::new();
        for name in names {
            let start = text.len();
            text.push_str(&format!("Protesters rallied in {name} on Monday. "));
            let mut m = mention(&text[start..], "rallied", "");
            m.span = Span::new(start, text.len() - 1);
            m.evidence.verb_span = Span::new(start + 11, start + 18);
            ms.push(m);
        }
        (text, ms)
    }

    #[test]
    fn places_from_the_regions_in_any_order_locate_as_from_the_mentions() {
        // A long document is located in two passes: the regions of its
        // mentions first, each mention as it is coded again.
        let cities = ["Kaduna", "Lahore", "Caracas", "Kaduna", "Tripoli"];
        let (text, ms) = rallies("Reporters gathered for the summit. ", &cities);
        let mut whole = ms.clone();
        locate_mentions(&text, None, &mut whole);
        let mut regions: Vec<Span> = ms.iter().map(|m| ArticlePlaces::region(&text, m)).collect();
        regions.reverse();
        let places = ArticlePlaces::for_regions(&text, None, regions);
        let two_passes: Vec<Option<Location>> = ms.iter().map(|m| places.locate(m)).collect();
        let want: Vec<Option<Location>> = whole.into_iter().map(|m| m.location).collect();
        assert!(want.iter().filter(|l| l.is_some()).count() >= 4, "{want:?}");
        assert_eq!(two_passes, want);
    }

    #[test]
    fn a_place_outside_the_dateline_or_with_a_close_namesake_is_flagged() {
        assert_eq!(
            located("CARACAS, May 25 (Reuters) - Officials met in Bogota on Monday.", None, "met", ""),
            "Bogotá COL city sentence [dateline: CARACAS, VEN]"
        );
        assert_eq!(
            located("CARACAS, May 25 (Reuters) - Officials met in Maracaibo on Monday.", None, "met", ""),
            "Maracaibo VEN city sentence []"
        );
        assert_eq!(
            located("Gunmen attacked a bank in Tripoli.", None, "attacked", ""),
            "Tripoli LBY city sentence [also Tripoli, LBN city]"
        );
        // Without a dateline, an article that keeps naming one country.
        let text = "Iran and Iraq talked. Tehran and Isfahan and Shiraz agreed. Officials met in Geneva on Monday.";
        assert_eq!(located(text, None, "met", ""), "Geneva CHE city sentence [also Geneva, USA city; article: IRN]");
    }

    /// Issue 12: Georgia the US state or the country, by context.
    #[test]
    fn georgia_is_the_state_or_the_country_by_context() {
        let arrested = |text: &str| located(text, None, "arrested", "");
        assert_eq!(
            arrested("Police arrested ten protesters in Georgia."),
            "Georgia GEO country sentence [also Georgia, USA adm1]"
        );
        assert!(arrested("Police arrested ten protesters in Georgia, the US state's governor said.")
            .starts_with("Georgia USA adm1 sentence"));
        assert!(arrested("ATLANTA, May 3 (Reuters) - Police arrested ten protesters in Georgia.")
            .starts_with("Georgia USA adm1 sentence"));
        assert!(arrested("Police arrested ten protesters across Georgia on Monday, Atlanta officials said.")
            .starts_with("Georgia USA adm1 sentence"));
        assert!(arrested("TBILISI, May 3 (Reuters) - Police arrested ten protesters in Georgia.")
            .starts_with("Georgia GEO country sentence"));
        assert!(arrested("Police arrested dozens across Georgia on Monday. Tbilisi's mayor condemned the violence.")
            .starts_with("Georgia GEO country sentence"));
    }

    /// Reuters datelines, in the text (`NEW YORK, March 3 -`) or given
    /// apart by the source (Reuters-21578's `SALVADOR, Feb 26`).
    #[test]
    fn reuters_datelines_in_the_text_and_apart() {
        assert_eq!(
            located("NEW YORK, March 3 - The company said it rejected the offer.", None, "rejected", ""),
            "New York City USA city dateline []"
        );
        assert_eq!(
            located("WASHINGTON, March 3 - Officials said they rejected the offer.", None, "rejected", ""),
            "Washington USA city dateline []"
        );
        let l = locate_full("The company said it rejected the offer.", Some("SALVADOR, Feb 26"), "rejected", "");
        let l = l.expect("the dateline given apart places the event");
        assert_eq!((l.name.as_str(), l.country.as_str(), l.text.as_str()), ("Salvador", "BRA", "SALVADOR"));
        assert_eq!((l.basis, l.span), (LocationBasis::Dateline, None));
        // A dateline in the text comes first.
        let l = locate_full("TOKYO, March 3 - Officials rejected the offer.", Some("SALVADOR, Feb 26"), "rejected", "");
        assert_eq!(l.map(|l| l.name), Some("Tokyo".to_string()));
    }

    #[test]
    fn messy_input_does_not_panic() {
        for text in ["", "'s", "U.", "In", "A.B.C.D.E.", "Ünïcødé’s Tehran’s — CARACAS", "\u{2019}s-", "-'-"]
        {
            let _ = ArticlePlaces::find(text).places().count();
            assert!(place_country(text).is_none_or(|c| c.len() == 3));
        }
        assert_eq!(place_country("Caracas"), Some("VEN"));
        assert_eq!(place_country("Strait of Hormuz"), None);
    }
}
