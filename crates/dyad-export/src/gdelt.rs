//! GDELT 2.0 Events TSV: 61 tab-separated columns, no header, one event per row.

use std::io::Write;

use dyad_types::{DatePrecision, Event, Feature, Location, PartialDate};

use crate::fips::fips;

use crate::Result;

/// The 61 column names of the GDELT 2.0 Events table, in order.
pub const COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Writes events as GDELT 2.0 rows.
pub struct GdeltWriter<W: Write> {
    out: W,
    full_name: fn(&Location) -> String,
}

/// The seven columns of one GDELT geography block (`Type`, `FullName`,
/// `CountryCode`, `ADM1Code`, `ADM2Code`, `Lat`, `Long`, `FeatureID`: eight
/// with ADM2, left empty) for a location, in GDELT's conventions: type 1 a
/// country, 2 a US state, 3 a US city, 4 a city (or site, or water) elsewhere,
/// 5 a first-level division elsewhere; FIPS 10-4 country codes; ADM1 as the
/// FIPS country code followed by the division code (`USFL`, `VE25`), the
/// country code alone for a country; FeatureID the GeoNames id of a place,
/// the ADM1 code of a division, the country code of a country.
fn geo_block(l: Option<&Location>, full_name: fn(&Location) -> String) -> [String; 8] {
    let Some(l) = l else { return Default::default() };
    let country = fips(&l.country).unwrap_or("").to_string();
    let us = l.country == "USA";
    let kind = match (l.feature, us) {
        (Feature::Country, _) => 1,
        (Feature::Adm1, true) => 2,
        (Feature::Adm1, false) => 5,
        (_, true) => 3,
        (_, false) => 4,
    };
    let adm1 = match l.feature {
        Feature::Country => country.clone(),
        _ if l.adm1.is_empty() || country.is_empty() => String::new(),
        _ => format!("{country}{}", l.adm1),
    };
    let feature_id = match l.feature {
        Feature::Country => country.clone(),
        Feature::Adm1 => adm1.clone(),
        _ if l.geonameid != 0 => l.geonameid.to_string(),
        _ => String::new(),
    };
    [
        kind.to_string(),
        cell(&full_name(l)),
        country,
        adm1,
        String::new(),
        format!("{:.4}", l.lat),
        format!("{:.4}", l.lon),
        feature_id,
    ]
}

/// The default full name: the location's own name.
fn own_name(l: &Location) -> String {
    l.name.clone()
}

/// A TSV cell: tabs and line breaks would break the row.
fn cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn day_number(d: &PartialDate) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month.max(1), d.day.max(1))
}

impl<W: Write> GdeltWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> GdeltWriter<W> {
        GdeltWriter { out, full_name: own_name }
    }

    /// Writes `FullName` columns with this function (the gazetteer's
    /// `Caracas, Distrito Federal, Venezuela`) instead of the place's name.
    pub fn full_names(mut self, f: fn(&Location) -> String) -> GdeltWriter<W> {
        self.full_name = f;
        self
    }

    /// Writes one event.
    pub fn write(&mut self, e: &Event) -> Result<()> {
        // GDELT dates events by day; a month or year date takes its first day.
        let date = e.date.or(e.first_report);
        let (day, month_year, year, fraction) = match date {
            Some(d) => {
                let doy = d.to_days() - PartialDate::year(d.year).to_days();
                (
                    day_number(&d),
                    format!("{:04}{:02}", d.year, d.month.max(1)),
                    format!("{:04}", d.year),
                    format!("{:.4}", f64::from(d.year) + doy as f64 / 365.0),
                )
            }
            None => Default::default(),
        };
        let actor = |code: &str, name: &str, country: &str| -> [String; 10] {
            let sector = if code.len() > 3 && !code.starts_with("IGO") {
                code[3..code.len().min(6)].to_string()
            } else {
                String::new()
            };
            let known = if code.starts_with("IGO") || code.starts_with("NGO") {
                code.get(3..6).unwrap_or("").to_string()
            } else {
                String::new()
            };
            let country = if country.len() == 3 { country.to_string() } else { String::new() };
            [
                cell(code),
                cell(&name.to_uppercase()),
                country,
                known,
                String::new(),
                String::new(),
                String::new(),
                sector,
                String::new(),
                String::new(),
            ]
        };
        let mut row: Vec<String> = Vec::with_capacity(61);
        row.push(e.id.to_string());
        row.extend([day, month_year, year, fraction]);
        row.extend(actor(&e.source, &e.source_name, &e.source_country));
        row.extend(actor(&e.target, &e.target_name, &e.target_country));
        row.push("1".to_string());
        row.push(e.cameo.clone());
        row.push(e.cameo[..e.cameo.len().min(3)].to_string());
        row.push(e.cameo_root.clone());
        row.push(e.quad_class.to_string());
        row.push(format!("{:.1}", e.goldstein));
        row.push(e.num_mentions.to_string());
        row.push(e.num_sources.to_string());
        row.push(e.num_articles.to_string());
        // dyad's own tone (VADER-derived words), not GDELT's.
        row.push(e.avg_tone.map(|t| format!("{t:.4}")).unwrap_or_default());
        // GDELT places each actor where the text ties it to a place; dyad
        // knows where the event happened, which is also where its actors
        // were: the three blocks carry the same location.
        let geo = geo_block(e.location.as_ref(), self.full_name);
        row.extend(geo.iter().cloned());
        row.extend(geo.iter().cloned());
        row.extend(geo);
        let added =
            e.first_report.filter(|d| d.precision() == DatePrecision::Day).map(|d| format!("{}000000", day_number(&d)));
        row.push(added.unwrap_or_default());
        row.push(cell(e.source_url.as_deref().unwrap_or("")));
        debug_assert_eq!(row.len(), 61);
        self.out.write_all(row.join("\t").as_bytes())?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_61_columns_in_gdelt_order() {
        let mut w = GdeltWriter::new(Vec::new());
        w.write(&crate::testdata::event(42)).unwrap();
        let mut e = crate::testdata::event(43);
        e.date = None;
        e.source_name = "tab\there".into();
        w.write(&e).unwrap();
        let text = String::from_utf8(w.out).unwrap();
        for line in text.lines() {
            assert_eq!(line.split('\t').count(), 61, "{line}");
        }
        let f: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
        let col = |name: &str| f[COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("GlobalEventID"), "42");
        assert_eq!(col("Day"), "20200814");
        assert_eq!(col("Actor1Code"), "USAGOV");
        assert_eq!(col("Actor1CountryCode"), "USA");
        assert_eq!(col("Actor1Type1Code"), "GOV");
        assert_eq!(col("EventCode"), "1711");
        assert_eq!(col("EventBaseCode"), "171");
        assert_eq!(col("EventRootCode"), "17");
        assert_eq!(col("QuadClass"), "4");
        assert_eq!(col("GoldsteinScale"), "-9.2");
        assert_eq!(col("NumSources"), "2");
        assert_eq!(col("DATEADDED"), "20200814000000");
        assert_eq!(col("SOURCEURL"), "https://wire.example/a");
        assert_eq!(COLUMNS.len(), 61);
    }

    #[test]
    fn geography_and_tone_follow_gdelts_conventions_and_read_back() {
        let place = |feature, country: &str, adm1: &str, id| Location {
            text: "x".into(),
            span: None,
            name: "Place".into(),
            feature,
            country: country.into(),
            adm1: adm1.into(),
            lat: 10.488,
            lon: -66.8792,
            geonameid: id,
            basis: dyad_types::LocationBasis::Sentence,
            confidence: 0.9,
            conflict: None,
        };
        let mut events = Vec::new();
        for (i, l) in [
            Some(place(Feature::City, "VEN", "25", 3646738)),
            Some(place(Feature::Country, "DEU", "", 2921044)),
            Some(place(Feature::Adm1, "USA", "FL", 0)),
            Some(place(Feature::City, "USA", "FL", 4164138)),
            Some(place(Feature::Adm1, "VEN", "25", 0)),
            None,
        ]
        .into_iter()
        .enumerate()
        {
            let mut e = crate::testdata::event(i as i64);
            e.location = l;
            e.avg_tone = Some(-2.5);
            events.push(e);
        }
        let mut w = GdeltWriter::new(Vec::new()).full_names(|l| format!("{}, {}", l.name, l.country));
        for e in &events {
            w.write(e).unwrap();
        }
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &w.out).unwrap();
        // Read the file back as GDELT's users would: by column name.
        let text = std::fs::read_to_string(file.path()).unwrap();
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        let get = |r: usize, name: &str| rows[r][COLUMNS.iter().position(|c| *c == name).unwrap()];
        let block = |r: usize, prefix: &str| {
            ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
                .map(|c| get(r, &format!("{prefix}_{c}")))
                .join("|")
        };
        assert_eq!(block(0, "ActionGeo"), "4|Place, VEN|VE|VE25|10.4880|-66.8792|3646738");
        assert_eq!(block(1, "ActionGeo"), "1|Place, DEU|GM|GM|10.4880|-66.8792|GM");
        assert_eq!(block(2, "ActionGeo"), "2|Place, USA|US|USFL|10.4880|-66.8792|USFL");
        assert_eq!(block(3, "ActionGeo"), "3|Place, USA|US|USFL|10.4880|-66.8792|4164138");
        assert_eq!(block(4, "ActionGeo"), "5|Place, VEN|VE|VE25|10.4880|-66.8792|VE25");
        assert_eq!(block(5, "ActionGeo"), "||||||");
        assert_eq!(block(0, "Actor1Geo"), block(0, "ActionGeo"));
        assert_eq!(block(0, "Actor2Geo"), block(0, "ActionGeo"));
        assert_eq!(get(0, "AvgTone"), "-2.5000");
        assert!(rows.iter().all(|r| r.len() == 61));
    }

    #[test]
    fn a_missing_side_leaves_its_actor_fields_empty() {
        let mut w = GdeltWriter::new(Vec::new());
        w.write(&crate::testdata::one_sided(1)).unwrap();
        w.write(&crate::testdata::sourceless(2)).unwrap();
        let text = String::from_utf8(w.out).unwrap();
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        let actor = |row: &[&str], n: &str| -> Vec<String> {
            COLUMNS
                .iter()
                .zip(row)
                .filter(|(c, _)| c.starts_with(n) && !c.contains("Geo"))
                .map(|(c, v)| format!("{c}={v}"))
                .collect()
        };
        assert_eq!(
            actor(&rows[0], "Actor1"),
            [
                "Actor1Code=HTIEDU",
                "Actor1Name=HAITI TEACHERS",
                "Actor1CountryCode=HTI",
                "Actor1KnownGroupCode=",
                "Actor1EthnicCode=",
                "Actor1Religion1Code=",
                "Actor1Religion2Code=",
                "Actor1Type1Code=EDU",
                "Actor1Type2Code=",
                "Actor1Type3Code="
            ]
        );
        let empty = |n: &str| -> Vec<String> {
            COLUMNS.iter().filter(|c| c.starts_with(n) && !c.contains("Geo")).map(|c| format!("{c}=")).collect()
        };
        assert_eq!(actor(&rows[0], "Actor2"), empty("Actor2"));
        assert_eq!(actor(&rows[1], "Actor1"), empty("Actor1"));
        assert_eq!(actor(&rows[1], "Actor2")[..3], ["Actor2Code=VEN", "Actor2Name=VENEZUELA", "Actor2CountryCode=VEN"]);
        assert!(rows.iter().all(|r| r.len() == 61));
        assert_eq!(rows[0][COLUMNS.iter().position(|c| *c == "EventCode").unwrap()], "143");
    }
}
