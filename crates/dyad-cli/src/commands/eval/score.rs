//! Scoring what dyad coded against gold labels, and printing the report as
//! a table or as JSON. Pure: the documents come in already coded.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, Write};

use dyad_types::{Article, Mention, Modality};
use serde::Serialize;

use super::gold::{Gold, GoldFormat, Label, Labelled, Triple};

/// Characters of a document's text kept for examples.
const SNIPPET_CHARS: usize = 200;
/// Ids listed when gold and input disagree on which documents exist.
const LIST_IDS: usize = 5;

/// What dyad coded in one document, as far as scoring needs it.
#[derive(Clone, Debug, Default)]
pub(crate) struct DocResult {
    pub(crate) id: String,
    /// The title and the start of the text, whitespace collapsed, for
    /// examples of errors.
    pub(crate) snippet: String,
    /// Mentions counted (all, or the asserted ones with `--asserted-only`).
    pub(crate) mentions: usize,
    /// The PLOVER categories of those mentions.
    pub(crate) categories: BTreeSet<String>,
    /// Their (source, target, CAMEO) triples, one per source and target
    /// pair; a missing actor is `""`.
    pub(crate) events: BTreeSet<Triple>,
    /// Their (source country, target country, PLOVER category) triples:
    /// the actor codes cut to their first three letters (the country, or
    /// `IGO` for an intergovernmental body), mentions without a PLOVER
    /// category left out.
    pub(crate) dyads: BTreeSet<Triple>,
}

impl DocResult {
    /// Summarises one coded article; with `asserted_only`, mentions of any
    /// other modality (reported, planned, denied, …) are left out.
    pub(crate) fn new(article: &Article, mentions: &[Mention], asserted_only: bool) -> DocResult {
        let mut d = DocResult { id: article.id.clone(), snippet: snippet(article), ..DocResult::default() };
        for m in mentions.iter().filter(|m| !asserted_only || m.modality == Modality::Asserted) {
            d.mentions += 1;
            if !m.plover.is_empty() {
                d.categories.insert(m.plover.clone());
            }
            let codes = |actors: &[dyad_types::ActorRef]| -> Vec<String> {
                if actors.is_empty() {
                    vec![String::new()]
                } else {
                    actors.iter().map(|a| a.code.clone()).collect()
                }
            };
            for s in codes(&m.source) {
                for t in codes(&m.target) {
                    if !m.plover.is_empty() {
                        d.dyads.insert((country(&s), country(&t), m.plover.clone()));
                    }
                    d.events.insert((s.clone(), t, m.cameo.clone()));
                }
            }
        }
        d
    }
}

/// The country part of an actor code: its first three letters (`INDGOV`
/// → `IND`, `IGOUNO` → `IGO`); `""` stays `""`.
fn country(code: &str) -> String {
    code.get(..3).unwrap_or(code).to_string()
}

/// The title and text on one line, cut to [`SNIPPET_CHARS`] characters.
fn snippet(a: &Article) -> String {
    let title = a.title.as_deref().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
    let text = a.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = if title.is_empty() { text } else { format!("{title} | {text}") };
    match whole.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &whole[..cut]),
        None => whole,
    }
}

/// How to score and what to show.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScoreOptions {
    /// The gold file's name, for the report.
    pub(crate) gold_name: String,
    pub(crate) asserted_only: bool,
    /// Examples of false negatives and false positives to keep.
    pub(crate) misses: usize,
    pub(crate) extras: usize,
    /// The PLOVER category of each CAMEO code (from the dictionaries' CAMEO
    /// table), to score gold events by category; codes of no category
    /// (CAMEO 01 and 02) are absent.
    pub(crate) plover: HashMap<String, String>,
}

/// `k` of `n`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub(crate) struct Share {
    pub(crate) k: usize,
    pub(crate) n: usize,
    pub(crate) share: f64,
}

impl Share {
    pub(crate) fn new(k: usize, n: usize) -> Share {
        Share { k, n, share: ratio(k, n) }
    }
}

fn ratio(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        k as f64 / n as f64
    }
}

/// Counts of true positives, false positives and false negatives with
/// precision, recall and F1 (0 where undefined, as in scikit-learn).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Prf {
    pub(crate) tp: usize,
    pub(crate) fp: usize,
    #[serde(rename = "fn")]
    pub(crate) fn_: usize,
    pub(crate) precision: f64,
    pub(crate) recall: f64,
    pub(crate) f1: f64,
}

impl Prf {
    pub(crate) fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
        Prf { tp, fp, fn_, precision, recall, f1: harmonic(precision, recall) }
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Ids that are on one side only: how many, and the first few.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct IdList {
    pub(crate) count: usize,
    pub(crate) first: Vec<String>,
}

impl IdList {
    /// `count (first, …)`.
    pub(crate) fn summary(&self) -> String {
        let more = if self.count > self.first.len() { ", …" } else { "" };
        format!("{} ({}{more})", self.count, self.first.join(", "))
    }

    fn push(&mut self, id: &str) {
        self.count += 1;
        if self.first.len() < LIST_IDS {
            self.first.push(id.to_string());
        }
    }
}

/// One example of an error: the document, what the gold says, what dyad
/// coded (the missed or extra part), and the start of its text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Example {
    pub(crate) id: String,
    pub(crate) gold: String,
    pub(crate) coded: String,
    pub(crate) text: String,
}

/// Examples kept up to a limit, with the total count.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Examples {
    pub(crate) total: usize,
    pub(crate) shown: Vec<Example>,
    #[serde(skip)]
    limit: usize,
}

impl Examples {
    fn new(limit: usize) -> Examples {
        Examples { limit, ..Examples::default() }
    }

    fn push(&mut self, d: &DocResult, gold: String, coded: String) {
        self.total += 1;
        if self.shown.len() < self.limit {
            self.shown.push(Example { id: d.id.clone(), gold, coded, text: d.snippet.clone() });
        }
    }
}

/// One PLOVER category's row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct CategoryScore {
    pub(crate) category: String,
    /// Documents labelled with it.
    pub(crate) gold: usize,
    #[serde(flatten)]
    pub(crate) score: Prf,
}

/// Unweighted means over categories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Macro {
    pub(crate) categories: usize,
    pub(crate) precision: f64,
    pub(crate) recall: f64,
    pub(crate) f1: f64,
}

/// Document-level PLOVER scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct PloverScores {
    /// Categories with a gold document or a coded one, alphabetical.
    pub(crate) categories: Vec<CategoryScore>,
    pub(crate) micro: Prf,
    #[serde(rename = "macro")]
    pub(crate) macro_: Macro,
    /// Documents with a mention of any PLOVER category.
    pub(crate) any_category: Share,
    /// Missed documents where dyad coded no PLOVER category at all.
    pub(crate) misses_with_no_category: usize,
}

/// One topic's row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct TopicRow {
    pub(crate) topic: String,
    pub(crate) political: bool,
    pub(crate) with_event: Share,
}

/// Topic scores: the any-event rate per topic, and "has any event" taken
/// as a prediction of `political`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct TopicScores {
    pub(crate) topics: Vec<TopicRow>,
    pub(crate) political: Prf,
}

/// Event scores over (source, target, code) triples.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub(crate) struct EventScores {
    pub(crate) gold_events: usize,
    pub(crate) coded_events: usize,
    /// The full CAMEO code and both actor codes must match.
    pub(crate) exact: Prf,
    /// The CAMEO root (two digits) and both actor codes must match.
    pub(crate) root: Prf,
    /// Gold events (of a CAMEO code with a PLOVER category) whose document
    /// has a mention of that category.
    pub(crate) category: Share,
    /// The same, with the mention's source and target countries (the
    /// first three letters of the codes) those of the gold event.
    pub(crate) category_dyad: Share,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Report {
    pub(crate) gold: String,
    pub(crate) format: GoldFormat,
    /// `all` or `asserted`: which mentions count.
    pub(crate) modality: &'static str,
    /// Documents both labelled and coded: the ones scored.
    pub(crate) documents: usize,
    pub(crate) gold_not_in_input: IdList,
    pub(crate) input_not_in_gold: IdList,
    /// Scored documents with at least one mention.
    pub(crate) any_event: Share,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) plover: Option<PloverScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) topic: Option<TopicScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) events: Option<EventScores>,
    pub(crate) misses: Examples,
    pub(crate) extras: Examples,
}

/// Scores the documents against the gold labels. A document counts once,
/// under its first occurrence in `docs`.
pub(crate) fn score(gold: &Gold, docs: &[DocResult], opts: &ScoreOptions) -> Report {
    let mut by_id: HashMap<&str, &DocResult> = HashMap::new();
    for d in docs {
        by_id.entry(d.id.as_str()).or_insert(d);
    }
    let gold_ids: HashSet<&str> = gold.labels.iter().map(|l| l.id.as_str()).collect();
    let mut gold_not_in_input = IdList::default();
    let mut pairs: Vec<(&Labelled, &DocResult)> = Vec::new();
    for l in &gold.labels {
        match by_id.get(l.id.as_str()) {
            Some(d) => pairs.push((l, d)),
            None => gold_not_in_input.push(&l.id),
        }
    }
    let mut input_not_in_gold = IdList::default();
    let mut seen = HashSet::new();
    for d in docs.iter().filter(|d| !gold_ids.contains(d.id.as_str())) {
        if seen.insert(d.id.as_str()) {
            input_not_in_gold.push(&d.id);
        }
    }
    let format = gold.format.unwrap_or(GoldFormat::Plover);
    let mut misses = Examples::new(opts.misses);
    let mut extras = Examples::new(opts.extras);
    let (mut plover, mut topic, mut events) = (None, None, None);
    match format {
        GoldFormat::Plover => plover = Some(score_plover(&pairs, &mut misses, &mut extras)),
        GoldFormat::Topic => topic = Some(score_topic(&pairs, &mut misses, &mut extras)),
        GoldFormat::Events => events = Some(score_events(&pairs, &opts.plover, &mut misses, &mut extras)),
    }
    Report {
        gold: opts.gold_name.clone(),
        format,
        modality: if opts.asserted_only { "asserted" } else { "all" },
        documents: pairs.len(),
        gold_not_in_input,
        input_not_in_gold,
        any_event: Share::new(pairs.iter().filter(|(_, d)| d.mentions > 0).count(), pairs.len()),
        plover,
        topic,
        events,
        misses,
        extras,
    }
}

/// A document is coded as category C when it has a mention of C; a
/// document labelled C and coded C is a true positive of C, each other
/// category coded in it a false positive of that category.
fn score_plover(pairs: &[(&Labelled, &DocResult)], misses: &mut Examples, extras: &mut Examples) -> PloverScores {
    // Per category: gold documents, tp, fp, fn.
    let mut counts: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    let mut misses_with_no_category = 0;
    for (l, d) in pairs {
        let Label::Plover { category } = &l.label else { continue };
        let c = counts.entry(category.as_str()).or_default();
        c[0] += 1;
        if d.categories.contains(category) {
            c[1] += 1;
        } else {
            c[3] += 1;
            misses_with_no_category += usize::from(d.categories.is_empty());
            misses.push(d, category.clone(), join_or_dash(d.categories.iter()));
        }
        let wrong: Vec<&String> = d.categories.iter().filter(|c| *c != category).collect();
        for w in &wrong {
            counts.entry(w.as_str()).or_default()[2] += 1;
        }
        if !wrong.is_empty() {
            extras.push(d, category.clone(), join_or_dash(wrong.into_iter()));
        }
    }
    let categories: Vec<CategoryScore> = counts
        .iter()
        .map(|(cat, c)| CategoryScore { category: cat.to_string(), gold: c[0], score: Prf::new(c[1], c[2], c[3]) })
        .collect();
    let sum = |f: fn(&Prf) -> usize| categories.iter().map(|c| f(&c.score)).sum::<usize>();
    let micro = Prf::new(sum(|p| p.tp), sum(|p| p.fp), sum(|p| p.fn_));
    let n = categories.len();
    let mean =
        |f: fn(&Prf) -> f64| if n == 0 { 0.0 } else { categories.iter().map(|c| f(&c.score)).sum::<f64>() / n as f64 };
    let macro_ =
        Macro { categories: n, precision: mean(|p| p.precision), recall: mean(|p| p.recall), f1: mean(|p| p.f1) };
    let any = pairs.iter().filter(|(_, d)| !d.categories.is_empty()).count();
    PloverScores { categories, micro, macro_, any_category: Share::new(any, pairs.len()), misses_with_no_category }
}

/// "Has any event" as a prediction of `political`: misses are political
/// documents with no event, extras other documents with one.
fn score_topic(pairs: &[(&Labelled, &DocResult)], misses: &mut Examples, extras: &mut Examples) -> TopicScores {
    let mut topics: BTreeMap<&str, (bool, usize, usize)> = BTreeMap::new();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (l, d) in pairs {
        let Label::Topic { topic, political } = &l.label else { continue };
        let any = d.mentions > 0;
        let t = topics.entry(topic.as_str()).or_insert((*political, 0, 0));
        t.1 += 1;
        t.2 += usize::from(any);
        match (*political, any) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                extras.push(d, topic.clone(), show(&d.events));
            }
            (true, false) => {
                fn_ += 1;
                misses.push(d, topic.clone(), "-".to_string());
            }
            (false, false) => {}
        }
    }
    TopicScores {
        topics: topics
            .into_iter()
            .map(|(topic, (political, n, k))| TopicRow {
                topic: topic.to_string(),
                political,
                with_event: Share::new(k, n),
            })
            .collect(),
        political: Prf::new(tp, fp, fn_),
    }
}

/// Set matching per document, on full codes and on CAMEO roots.
fn score_events(
    pairs: &[(&Labelled, &DocResult)],
    plover: &HashMap<String, String>,
    misses: &mut Examples,
    extras: &mut Examples,
) -> EventScores {
    let (mut exact, mut root) = ([0; 3], [0; 3]);
    let (mut gold_events, mut coded_events) = (0, 0);
    let (mut categorised, mut category, mut category_dyad) = (0, 0, 0);
    for (l, d) in pairs {
        let Label::Events(gold) = &l.label else { continue };
        gold_events += gold.len();
        coded_events += d.events.len();
        for (s, t, c) in gold {
            let Some(cat) = plover.get(c).or_else(|| plover.get(c.get(..2).unwrap_or(c))) else { continue };
            categorised += 1;
            category += usize::from(d.categories.contains(cat));
            category_dyad += usize::from(d.dyads.contains(&(country(s), country(t), cat.clone())));
        }
        let missed: BTreeSet<Triple> = gold.difference(&d.events).cloned().collect();
        let extra: BTreeSet<Triple> = d.events.difference(gold).cloned().collect();
        tally(&mut exact, gold, &d.events);
        tally(&mut root, &roots(gold), &roots(&d.events));
        if !missed.is_empty() {
            misses.push(d, show(&missed), show(&d.events));
        }
        if !extra.is_empty() {
            extras.push(d, show(gold), show(&extra));
        }
    }
    EventScores {
        gold_events,
        coded_events,
        exact: Prf::new(exact[0], exact[1], exact[2]),
        root: Prf::new(root[0], root[1], root[2]),
        category: Share::new(category, categorised),
        category_dyad: Share::new(category_dyad, categorised),
    }
}

/// Adds the tp, fp and fn of one document's sets.
fn tally(c: &mut [usize; 3], gold: &BTreeSet<Triple>, coded: &BTreeSet<Triple>) {
    c[0] += gold.intersection(coded).count();
    c[1] += coded.difference(gold).count();
    c[2] += gold.difference(coded).count();
}

/// The triples with their CAMEO code cut to the root.
fn roots(set: &BTreeSet<Triple>) -> BTreeSet<Triple> {
    set.iter().map(|(s, t, c)| (s.clone(), t.clone(), c.get(..2).unwrap_or(c).to_string())).collect()
}

/// Events as `SRC CAMEO TGT; …` (`-` for a missing actor or no event).
fn show(set: &BTreeSet<Triple>) -> String {
    let dash = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
    join_or_dash(set.iter().map(|(s, t, c)| format!("{} {c} {}", dash(s), dash(t))))
}

fn join_or_dash<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let v: Vec<String> = items.map(|s| s.as_ref().to_string()).collect();
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(if v.iter().any(|s| s.contains(' ')) { "; " } else { "," })
    }
}

/// Prints the report as a table.
pub(crate) fn write_table(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let modality = if r.modality == "all" { "mentions of every modality" } else { "asserted mentions only" };
    writeln!(w, "gold: {} ({}; {modality})", r.gold, r.format.describe())?;
    writeln!(w, "documents scored: {}", r.documents)?;
    write_ids(w, "gold ids not in the input", &r.gold_not_in_input)?;
    write_ids(w, "input ids not in the gold", &r.input_not_in_gold)?;
    writeln!(w, "documents with any event: {}", pct(&r.any_event))?;
    writeln!(w)?;
    if let Some(p) = &r.plover {
        writeln!(
            w,
            "{:<12} {:>5} {:>5} {:>5} {:>5}  {:>9} {:>7} {:>7}",
            "category", "gold", "tp", "fp", "fn", "precision", "recall", "f1"
        )?;
        for c in &p.categories {
            write_prf(w, &c.category, &c.gold.to_string(), &c.score)?;
        }
        write_prf(w, "micro", &r.documents.to_string(), &p.micro)?;
        let m = &p.macro_;
        let label = format!("macro ({} categories)", m.categories);
        writeln!(w, "{label:<36}  {:>9.3} {:>7.3} {:>7.3}", m.precision, m.recall, m.f1)?;
        writeln!(w)?;
        writeln!(w, "documents with a PLOVER category: {}", pct(&p.any_category))?;
        let missed = p.micro.fn_;
        writeln!(
            w,
            "missed documents: {missed}, of which {} with no PLOVER category coded",
            p.misses_with_no_category
        )?;
    }
    if let Some(t) = &r.topic {
        writeln!(w, "{:<24} {:>9} {:>9} {:>10} {:>7}", "topic", "political", "documents", "with event", "share")?;
        for row in &t.topics {
            let s = &row.with_event;
            let pol = if row.political { "yes" } else { "no" };
            writeln!(w, "{:<24} {pol:>9} {:>9} {:>10} {:>6.1}%", row.topic, s.n, s.k, 100.0 * s.share)?;
        }
        writeln!(w)?;
        writeln!(w, "\"has any event\" as a prediction of political:")?;
        writeln!(
            w,
            "{:<12} {:>5} {:>5} {:>5} {:>5}  {:>9} {:>7} {:>7}",
            "", "", "tp", "fp", "fn", "precision", "recall", "f1"
        )?;
        write_prf(w, "political", "", &t.political)?;
    }
    if let Some(e) = &r.events {
        writeln!(w, "gold events: {}, coded events: {}", e.gold_events, e.coded_events)?;
        writeln!(
            w,
            "{:<12} {:>5} {:>5} {:>5} {:>5}  {:>9} {:>7} {:>7}",
            "match", "", "tp", "fp", "fn", "precision", "recall", "f1"
        )?;
        write_prf(w, "exact code", "", &e.exact)?;
        write_prf(w, "cameo root", "", &e.root)?;
        writeln!(w, "(both with source and target codes; PETRARCH XML records: dyad validate)")?;
        writeln!(w, "gold events with their PLOVER category coded: {}", pct(&e.category))?;
        writeln!(w, "  and with the source and target countries too: {}", pct(&e.category_dyad))?;
    }
    write_examples(w, "misses (false negatives)", &r.misses)?;
    write_examples(w, "extras (false positives)", &r.extras)
}

fn write_prf(w: &mut dyn Write, label: &str, gold: &str, p: &Prf) -> io::Result<()> {
    writeln!(
        w,
        "{label:<12} {gold:>5} {:>5} {:>5} {:>5}  {:>9.3} {:>7.3} {:>7.3}",
        p.tp, p.fp, p.fn_, p.precision, p.recall, p.f1
    )
}

fn write_ids(w: &mut dyn Write, what: &str, ids: &IdList) -> io::Result<()> {
    if ids.count == 0 {
        return Ok(());
    }
    writeln!(w, "{what}: {}", ids.summary())
}

fn write_examples(w: &mut dyn Write, what: &str, ex: &Examples) -> io::Result<()> {
    if ex.shown.is_empty() {
        return Ok(());
    }
    writeln!(w)?;
    writeln!(w, "{what}: {} of {}", ex.shown.len(), ex.total)?;
    for e in &ex.shown {
        writeln!(w, "  {}  gold: {}  coded: {}", e.id, e.gold, e.coded)?;
        writeln!(w, "      {}", e.text)?;
    }
    Ok(())
}

/// `k/n (x.x %)`.
pub(crate) fn pct(s: &Share) -> String {
    format!("{}/{} ({:.1} %)", s.k, s.n, 100.0 * s.share)
}

#[cfg(test)]
mod tests {
    use super::super::gold::parse;
    use super::*;

    fn doc(id: &str, categories: &[&str], events: &[(&str, &str, &str)]) -> DocResult {
        DocResult {
            id: id.to_string(),
            snippet: format!("text of {id}"),
            mentions: categories.len().max(events.len()),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            events: events.iter().map(|(s, t, c)| (s.to_string(), t.to_string(), c.to_string())).collect(),
            dyads: BTreeSet::new(),
        }
    }

    fn report(gold: &str, docs: &[DocResult]) -> Report {
        let g = parse("g", gold);
        assert!(g.errors.is_empty(), "{:?}", g.errors);
        score(&g, docs, &ScoreOptions { gold_name: "g".into(), misses: 10, extras: 10, ..ScoreOptions::default() })
    }

    fn row<'a>(p: &'a PloverScores, cat: &str) -> &'a CategoryScore {
        p.categories.iter().find(|c| c.category == cat).unwrap()
    }

    #[test]
    fn plover_counts_per_category_micro_and_macro() {
        let gold = concat!(
            "{\"id\":\"a\",\"plover\":\"PROTEST\"}\n",
            "{\"id\":\"b\",\"plover\":\"PROTEST\"}\n",
            "{\"id\":\"c\",\"plover\":\"AID\"}\n",
            "{\"id\":\"d\",\"plover\":\"AID\"}\n",
            "{\"id\":\"gone\",\"plover\":\"AID\"}\n",
        );
        let docs = [
            doc("a", &["PROTEST"], &[]),
            doc("b", &["ACCUSE"], &[]),
            doc("c", &["AID", "PROTEST"], &[]),
            doc("d", &[], &[]),
            doc("stray", &["AID"], &[]),
        ];
        let r = report(gold, &docs);
        assert_eq!(r.documents, 4);
        assert_eq!(r.gold_not_in_input, IdList { count: 1, first: vec!["gone".into()] });
        assert_eq!(r.input_not_in_gold, IdList { count: 1, first: vec!["stray".into()] });
        assert_eq!(r.any_event, Share::new(3, 4));
        let p = r.plover.as_ref().unwrap();
        assert_eq!(row(p, "PROTEST").score, Prf::new(1, 1, 1));
        assert_eq!(row(p, "AID").score, Prf::new(1, 0, 1));
        assert_eq!((row(p, "ACCUSE").gold, row(p, "ACCUSE").score), (0, Prf::new(0, 1, 0)));
        assert_eq!(p.categories.len(), 3);
        assert_eq!(p.micro, Prf::new(2, 2, 2));
        assert_eq!(p.micro.precision, 0.5);
        // Macro: PROTEST 0.5/0.5, AID 1.0/0.5, ACCUSE 0/0.
        assert!((p.macro_.precision - 0.5).abs() < 1e-12, "{:?}", p.macro_);
        assert!((p.macro_.recall - (1.0 / 3.0)).abs() < 1e-12, "{:?}", p.macro_);
        assert_eq!(p.misses_with_no_category, 1);
        let ids = |e: &Examples| e.shown.iter().map(|x| format!("{} {} {}", x.id, x.gold, x.coded)).collect::<Vec<_>>();
        assert_eq!(ids(&r.misses), ["b PROTEST ACCUSE", "d AID -"]);
        assert_eq!(ids(&r.extras), ["b PROTEST ACCUSE", "c AID PROTEST"]);
    }

    #[test]
    fn topics_rate_any_event_and_score_it_against_political() {
        let gold = concat!(
            "{\"id\":\"w1\",\"topic\":\"War\",\"political\":true}\n",
            "{\"id\":\"w2\",\"topic\":\"War\",\"political\":true}\n",
            "{\"id\":\"s1\",\"topic\":\"Sports\",\"political\":false}\n",
            "{\"id\":\"s2\",\"topic\":\"Sports\",\"political\":false}\n",
        );
        let docs = [
            doc("w1", &["ASSAULT"], &[("ISR", "PSE", "190")]),
            doc("w2", &[], &[]),
            doc("s1", &[], &[("USA", "", "042")]),
            doc("s2", &[], &[]),
        ];
        let r = report(gold, &docs);
        let t = r.topic.as_ref().unwrap();
        let rows: Vec<(&str, bool, usize, usize)> =
            t.topics.iter().map(|x| (x.topic.as_str(), x.political, x.with_event.k, x.with_event.n)).collect();
        assert_eq!(rows, [("Sports", false, 1, 2), ("War", true, 1, 2)]);
        assert_eq!(t.political, Prf::new(1, 1, 1));
        assert_eq!(r.extras.shown[0].coded, "USA 042 -");
        assert_eq!(r.misses.shown[0].id, "w2");
    }

    #[test]
    fn events_match_exactly_and_at_the_root() {
        let gold = concat!(
            "{\"id\":\"1\",\"events\":[{\"source\":\"IRN\",\"target\":\"VEN\",\"cameo\":\"071\"}]}\n",
            "{\"id\":\"2\",\"events\":[{\"source\":\"USA\",\"target\":\"IRN\",\"cameo\":\"163\"},{\"source\":\"ISR\",\"target\":\"PSE\",\"cameo\":\"190\"}]}\n",
            "{\"id\":\"3\",\"events\":[]}\n",
        );
        let docs = [
            doc("1", &[], &[("IRN", "VEN", "071")]),
            doc("2", &[], &[("USA", "IRN", "160"), ("PSE", "ISR", "190")]),
            doc("3", &[], &[("FRA", "", "010")]),
        ];
        let e = report(gold, &docs).events.unwrap();
        assert_eq!((e.gold_events, e.coded_events), (3, 4));
        assert_eq!(e.exact, Prf::new(1, 3, 2));
        assert_eq!(e.root, Prf::new(2, 2, 1));
    }

    #[test]
    fn gold_events_are_scored_by_category_and_country_dyad() {
        let gold = concat!(
            "{\"id\":\"1\",\"events\":[{\"source\":\"IRN\",\"target\":\"VEN\",\"cameo\":\"071\"}]}\n",
            "{\"id\":\"2\",\"events\":[{\"source\":\"USA\",\"target\":\"IRN\",\"cameo\":\"163\"}]}\n",
            "{\"id\":\"3\",\"events\":[{\"source\":\"\",\"target\":\"\",\"cameo\":\"1411\"}]}\n",
            "{\"id\":\"4\",\"events\":[{\"source\":\"FRA\",\"target\":\"\",\"cameo\":\"010\"}]}\n",
        );
        let with = |mut d: DocResult, dyads: &[(&str, &str, &str)]| {
            d.dyads = dyads.iter().map(|(s, t, c)| (s.to_string(), t.to_string(), c.to_string())).collect();
            d
        };
        let docs = [
            // Right category and dyad (codes cut to the country).
            with(doc("1", &["AID"], &[]), &[("IRN", "VEN", "AID")]),
            // Right category, the dyad reversed.
            with(doc("2", &["SANCTION"], &[]), &[("IRN", "USA", "SANCTION")]),
            // Nothing coded.
            doc("3", &[], &[]),
            // CAMEO 01 has no PLOVER category: not scored by category.
            with(doc("4", &["ACCUSE"], &[]), &[("FRA", "", "ACCUSE")]),
        ];
        let g = parse("g", gold);
        let plover: HashMap<String, String> = [("071", "AID"), ("16", "SANCTION"), ("14", "PROTEST")]
            .iter()
            .map(|(c, p)| (c.to_string(), p.to_string()))
            .collect();
        let opts = ScoreOptions { gold_name: "g".into(), plover, ..ScoreOptions::default() };
        let e = score(&g, &docs, &opts).events.unwrap();
        assert_eq!(e.category, Share::new(2, 3));
        assert_eq!(e.category_dyad, Share::new(1, 3));
        assert_eq!(country("IGOUNO"), "IGO");
        assert_eq!(country(""), "");
    }

    #[test]
    fn the_table_and_json_say_the_same() {
        let r = report("{\"id\":\"a\",\"plover\":\"AID\"}\n", &[doc("a", &["AID"], &[])]);
        let mut table = Vec::new();
        write_table(&r, &mut table).unwrap();
        let table = String::from_utf8_lossy(&table);
        assert!(table.contains("AID              1     1     0     0      1.000   1.000   1.000"), "{table}");
        assert!(table.contains("documents with any event: 1/1 (100.0 %)"), "{table}");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["plover"]["categories"][0]["fn"], 0);
        assert_eq!(json["plover"]["micro"]["tp"], 1);
        assert_eq!(json["format"], "plover");
    }

    #[test]
    fn snippets_are_one_line_and_cut() {
        let a = Article {
            id: "x".into(),
            title: Some("Head\nline".into()),
            text: "a  b\n".repeat(200),
            ..Article::default()
        };
        let s = snippet(&a);
        assert!(s.starts_with("Head line | a b a b"), "{s}");
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
        assert!(!s.contains('\n'));
    }
}
