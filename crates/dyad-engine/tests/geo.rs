//! Geolocation figures (issue 12): sentences written for dyad with the
//! place where their event happened, in `tests/geo/sentences.tsv`. Each
//! article's first mention is scored: country right, place right (the
//! gazetteer's name, or within 50 km of it), and no location where the
//! text states none. The figures are printed and held above floors.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]
#![allow(clippy::print_stderr, reason = "the figures are the test's report")]

use dyad_engine::geo::Gazetteer;
use dyad_engine::{Pipeline, Settings};
use dyad_types::{haversine_km, Article, Location, PartialDate};

/// One scored article.
struct Case<'a> {
    country: &'a str,
    place: &'a str,
    text: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    include_str!("geo/sentences.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            Case { country: f.next().unwrap(), place: f.next().unwrap(), text: f.next().unwrap() }
        })
        .collect()
}

/// True when `got` is the place `name` of `country`: in that country, with
/// the same name or within 50 km of a place of that name there.
fn same_place(got: &Location, name: &str, country: &str) -> bool {
    if got.country != country {
        return false;
    }
    if got.name.eq_ignore_ascii_case(name) {
        return true;
    }
    Gazetteer::get()
        .lookup(name)
        .filter(|p| p.country == country)
        .any(|p| haversine_km(got.lat, got.lon, f64::from(p.lat), f64::from(p.lon)) <= 50.0)
}

#[derive(Default)]
struct Tally {
    coded: usize,
    stated: usize,
    country_right: usize,
    places: usize,
    place_right: usize,
    unstated: usize,
    none_right: usize,
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

#[test]
fn event_locations_on_sentences_written_for_the_test() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} sentences", cases.len());
    let mut t = Tally::default();
    let mut misses = Vec::new();
    let (pipeline, _) = Pipeline::new(&Settings::default());
    for c in &cases {
        let article = Article {
            id: "t".into(),
            text: c.text.into(),
            date: PartialDate::parse("2024-03-01"),
            ..Article::default()
        };
        let ms = pipeline.code(&article).mentions;
        let Some(m) = ms.first() else {
            misses.push(format!("no mention: {}", c.text));
            continue;
        };
        t.coded += 1;
        let got = m.location.as_ref();
        let shown = got.map_or("-".to_string(), |l| format!("{} {} {}", l.name, l.country, l.feature.as_str()));
        if c.country == "-" {
            t.unstated += 1;
            if got.is_none() {
                t.none_right += 1;
            } else {
                misses.push(format!("expected none, got {shown}: {}", c.text));
            }
            continue;
        }
        t.stated += 1;
        let country_ok = got.is_some_and(|l| l.country == c.country);
        t.country_right += usize::from(country_ok);
        if c.place != "-" {
            t.places += 1;
            let ok = got.is_some_and(|l| same_place(l, c.place, c.country));
            t.place_right += usize::from(ok);
            if !ok {
                misses.push(format!("expected {} {}, got {shown}: {}", c.place, c.country, c.text));
            }
        } else if !country_ok {
            misses.push(format!("expected {}, got {shown}: {}", c.country, c.text));
        }
    }
    let country = percent(t.country_right, t.stated);
    let place = percent(t.place_right, t.places);
    let none = percent(t.none_right, t.unstated);
    eprintln!(
        "geolocation: {} sentences, {} coded; country right {}/{} = {country:.1} %, place right {}/{} = {place:.1} %, \
         no location where none is stated {}/{} = {none:.1} %",
        cases.len(),
        t.coded,
        t.country_right,
        t.stated,
        t.place_right,
        t.places,
        t.none_right,
        t.unstated
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    // Not every sentence is coded: the two meetings in a capital with an
    // adjective-led compound subject (`Iranian and European negotiators
    // met in Vienna`) were coded with the capital as the source until
    // 2026-12-07 and are now not coded; `praised the agreement` names no
    // one praised.
    assert!(t.coded * 100 >= cases.len() * 85, "the coder codes too few of the sentences: {}", t.coded);
    assert!(country >= 90.0 && place >= 85.0 && none >= 85.0, "geolocation below its floors");
}
