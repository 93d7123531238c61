//! Geolocation judged out of sample (issue 12): 100 mentions drawn at random
//! from `dyad code` over `../shared/corpus/` (60 from the Guardian, AP/NYT
//! 1998 and seed articles, 40 from Reuters-21578, seed 23), each judged by
//! hand for where its event happened according to the text
//! (`bench/results/2026-12-07-geo-judged.tsv`: ids, spans and the verdict,
//! no article text), and a second 100 drawn later, before the rules that
//! followed the first were changed again (`dyad sample --n 100 --seed 61`
//! over the Guardian and AP/NYT texts, `2026-12-07-geo-judged-2.tsv`), and a
//! third drawn and judged before the rules that followed the second were
//! changed (`dyad sample --n 100 --seed 97` over the Guardian, AP/NYT and
//! the State of the Union addresses, `2026-12-08-geo-judged-3.tsv`), and a
//! fourth of 230 drawn and judged blind before the rules that followed the
//! third were changed (seed 131, the same three files and 30 mentions of
//! Reuters-21578, `2026-12-09-geo-judged-4.tsv`), and a fifth of 230 drawn
//! and judged blind before the rules that followed the fourth were changed
//! (seed 509, the same files, `2026-12-10-geo-judged-5.tsv`); in the last
//! two, the mentions an earlier sample also holds are scored apart as well.
//! The test codes those documents with the real binary,
//! finds each judged mention by document and verb span, and scores its
//! location against the judgement: country right, city or province right
//! (within 50 km of a judged city, 300 km of a province or water, or the
//! judged city inside the province given), and no location where the text
//! states none, each with its 95 % Wilson interval.

use std::collections::HashMap;
use std::io::Write;

use dyad_engine::geo::Gazetteer;
use dyad_types::{haversine_km, wilson, Z95};
use serde_json::Value;

use crate::util::{corpus_documents, dyad, mentions, shared};

/// The judged samples, stored beside the benchmark results.
const JUDGED: &str = include_str!("../../../../bench/results/2026-12-07-geo-judged.tsv");
const JUDGED_2: &str = include_str!("../../../../bench/results/2026-12-07-geo-judged-2.tsv");
const JUDGED_3: &str = include_str!("../../../../bench/results/2026-12-08-geo-judged-3.tsv");
const JUDGED_4: &str = include_str!("../../../../bench/results/2026-12-09-geo-judged-4.tsv");
const JUDGED_5: &str = include_str!("../../../../bench/results/2026-12-10-geo-judged-5.tsv");

/// One judged mention.
struct Judged<'a> {
    doc: &'a str,
    verb: (u64, u64),
    /// ISO3; `-` when the text states no place; `~` for international water.
    country: &'a str,
    /// The gazetteer's name of the judged city, province or water; `-` for
    /// none finer than the country.
    place: &'a str,
    class: &'a str,
    /// True when an earlier sample holds the same mention (column
    /// `judged_before`, absent in the first three files).
    seen: bool,
}

fn judged(file: &'static str) -> Vec<Judged<'static>> {
    let mut lines = file.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().map(|h| h.split('\t').collect()).unwrap_or_default();
    let col = |name: &str| header.iter().position(|&h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (doc, vs, ve, country, place, class) =
        (col("doc_id"), col("verb_start"), col("verb_end"), col("gold_country"), col("gold_place"), col("error_class"));
    let seen = header.iter().position(|&h| h == "judged_before");
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Judged {
                doc: f[doc],
                verb: (f[vs].parse().unwrap(), f[ve].parse().unwrap()),
                country: f[country],
                place: f[place],
                class: f[class],
                seen: seen.is_some_and(|i| f[i] != "-"),
            }
        })
        .collect()
}

/// True when the location `got` is the judged place: the same name in the
/// same country, a province that holds it, or near enough.
fn place_right(got: &Value, j: &Judged) -> bool {
    let country = if j.country == "~" { "" } else { j.country };
    let (name, feature) = (got["name"].as_str().unwrap_or(""), got["feature"].as_str().unwrap_or(""));
    if got["country"].as_str() != Some(country) {
        return false;
    }
    if name.eq_ignore_ascii_case(j.place) {
        return true;
    }
    let (lat, lon) = (got["lat"].as_f64().unwrap_or(0.0), got["lon"].as_f64().unwrap_or(0.0));
    Gazetteer::get().lookup(j.place).filter(|p| p.country == country).any(|p| {
        let coarse = p.feature.as_str() != "city" || feature != "city";
        let inside = feature == "adm1" && got["adm1"].as_str() == Some(p.adm1) && !p.adm1.is_empty();
        let km = if coarse { 300.0 } else { 50.0 };
        inside || haversine_km(lat, lon, f64::from(p.lat), f64::from(p.lon)) <= km
    })
}

/// `k/n = p % [low, high]`.
fn share(k: usize, n: usize) -> String {
    let (low, high) = wilson(k, n, Z95);
    let p = if n == 0 { 0.0 } else { 100.0 * k as f64 / n as f64 };
    format!("{k}/{n} = {p:.1} % [{:.1}, {:.1}]", 100.0 * low, 100.0 * high)
}

/// Floors (per cent) under which a sample's figures fail the test:
/// country right, city or province right, no location where none is stated.
struct Floors {
    country: usize,
    place: usize,
    none: usize,
}

#[test]
fn judged_locations_out_of_sample() {
    // Floors below the figures of bench/results/2026-12-07-geo.md, so that
    // a change that makes locations worse on news prose fails here.
    check(judged(JUDGED), "seed 23", &Floors { country: 85, place: 90, none: 85 }).unwrap();
}

#[test]
fn judged_locations_of_a_fresh_sample() {
    // Floors below the figures of bench/results/2026-12-07-geo-2.md.
    check(judged(JUDGED_2), "seed 61", &Floors { country: 75, place: 70, none: 90 }).unwrap();
}

#[test]
fn judged_locations_of_a_third_sample() {
    // Floors below the figures of bench/results/2026-12-08-geo-3.md.
    check(judged(JUDGED_3), "seed 97", &Floors { country: 80, place: 75, none: 90 }).unwrap();
}

#[test]
fn judged_locations_of_a_fourth_sample() {
    // Floors below this pass's figures, which are in-sample: its rules
    // were written from these verdicts (bench/results/2026-12-09-geo-4.md;
    // d295c5f, judged blind, scored 69 % country on the fresh rows).
    let all = Floors { country: 80, place: 85, none: 90 };
    check_apart(JUDGED_4, "seed 131", &all, &Floors { country: 80, place: 85, none: 88 });
}

#[test]
fn judged_locations_of_a_fifth_sample() {
    // Floors below this pass's figures, which are in-sample: its rules
    // were written from these verdicts (bench/results/2026-12-10-geo-5.md;
    // 15b89db, judged blind, scored 71 % country on the fresh rows).
    let all = Floors { country: 75, place: 75, none: 83 };
    check_apart(JUDGED_5, "seed 509", &all, &Floors { country: 80, place: 80, none: 78 });
}

/// Scores a sample whole and its mentions never judged before apart, each
/// against its floors; both are scored and printed before either is held
/// to them.
fn check_apart(file: &'static str, name: &str, all: &Floors, fresh: &Floors) {
    let unseen: Vec<Judged<'static>> = judged(file).into_iter().filter(|j| !j.seen).collect();
    let whole = check(judged(file), name, all);
    let apart = check(unseen, &format!("{name}, never judged before"), fresh);
    whole.and(apart).unwrap();
}

/// Codes the documents of `sample`, scores their locations against the
/// verdicts and holds them to `floors`: the error names the first figure
/// under its floor.
fn check(sample: Vec<Judged<'static>>, name: &str, floors: &Floors) -> Result<(), String> {
    assert!(sample.len() >= 80, "{} judged mentions", sample.len());
    let dir = tempfile::tempdir().unwrap();
    let Some(docs) = corpus_documents(dir.path(), &sample.iter().map(|j| j.doc).collect()) else { return Ok(()) };
    // The seed articles are coded from their directory.
    let Some(seeds) = shared("corpus/seeds") else { return Ok(()) };
    let (docs, seeds) = (docs.display().to_string(), seeds.display().to_string());
    let files = [docs.as_str(), seeds.as_str()];
    let out = dyad(&["code", "-j", "1"], None, &files);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let coded: HashMap<(String, u64, u64), Value> = mentions(&out.stdout)
        .into_iter()
        .map(|m| {
            let v = &m["evidence"]["verb_span"];
            let key = (m["doc_id"].as_str().unwrap_or("").to_string(), v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
            (key, m)
        })
        .collect();
    let (mut stated, mut country_ok, mut places, mut place_ok, mut unstated, mut none_ok) = (0, 0, 0, 0, 0, 0);
    let mut report = Vec::new();
    for j in &sample {
        let Some(m) = coded.get(&(j.doc.to_string(), j.verb.0, j.verb.1)) else {
            report.push(format!("  not coded now: {} {:?}", j.doc, j.verb));
            continue;
        };
        let got = m.get("location").filter(|l| !l.is_null());
        let shown = got.map_or("-".to_string(), |l| {
            format!("{} {} {}", l["name"].as_str().unwrap_or(""), l["country"], l["basis"])
        });
        let wrong = if j.country == "-" {
            unstated += 1;
            none_ok += usize::from(got.is_none());
            got.is_some()
        } else {
            stated += 1;
            let country = if j.country == "~" { "" } else { j.country };
            let c = got.is_some_and(|l| l["country"].as_str() == Some(country));
            country_ok += usize::from(c);
            let p = j.place == "-" || got.is_some_and(|l| place_right(l, j));
            if j.place != "-" {
                places += 1;
                place_ok += usize::from(p);
            }
            !c || !p
        };
        if wrong {
            report
                .push(format!("  {} {:?} judged {} {} ({}), got {shown}", j.doc, j.verb, j.country, j.place, j.class));
        }
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "judged geolocation ({name}): {} mentions; country right {}; city or province right {}; no location where \
         none is stated {}\n{}",
        sample.len(),
        share(country_ok, stated),
        share(place_ok, places),
        share(none_ok, unstated),
        report.join("\n")
    );
    // A coder that stops making a judged mention (most of them non-events)
    // shrinks the pool; the floors hold on what is still coded, and this
    // guard only catches a pool too small to mean anything.
    assert!(stated >= 20 && unstated >= 30, "the sample lost its judged mentions: {stated} + {unstated}");
    if country_ok * 100 < stated * floors.country {
        return Err(format!("{name}: country right {}", share(country_ok, stated)));
    }
    if place_ok * 100 < places * floors.place {
        return Err(format!("{name}: city or province right {}", share(place_ok, places)));
    }
    if none_ok * 100 < unstated * floors.none {
        return Err(format!("{name}: no location where none is stated {}", share(none_ok, unstated)));
    }
    Ok(())
}
