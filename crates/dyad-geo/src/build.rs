//! Builds the compact gazetteer data file from GeoNames tables.
//!
//! The function is pure (strings in, string out) so that the same inputs
//! give the same bytes; the CLI's `build-gazetteer` does the reading and
//! writing. Only what English news needs is kept: for each place its name,
//! ASCII name and the alternate names written in Latin letters that look
//! like names (capitalised, not all capitals, not the name of a country).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The first line of the data file.
pub(crate) const HEADER: &str = "# dyad gazetteer v1: derived from GeoNames (CC BY 4.0, see NOTICE); \
rebuild with `dyad build-gazetteer --geonames DIR`";

/// The longest alternate name kept, in bytes.
const MAX_ALT: usize = 40;

/// The most alternate names kept per place; the rest are rare spellings.
const MAX_ALTS: usize = 12;

/// A running population-weighted centre, summed as unit vectors so that
/// places on both sides of the antimeridian average correctly.
#[derive(Default, Clone, Copy)]
struct Centre {
    x: f64,
    y: f64,
    z: f64,
    population: u64,
}

impl Centre {
    fn add(&mut self, lat: f64, lon: f64, population: u64) {
        let w = population.max(1) as f64;
        let (la, lo) = (lat.to_radians(), lon.to_radians());
        self.x += w * la.cos() * lo.cos();
        self.y += w * la.cos() * lo.sin();
        self.z += w * la.sin();
        self.population += population;
    }

    fn lat_lon(&self) -> (f64, f64) {
        let h = (self.x * self.x + self.y * self.y).sqrt();
        (self.z.atan2(h).to_degrees(), self.y.atan2(self.x).to_degrees())
    }
}

/// True for an alternate name worth matching in English text.
fn useful_alt(alt: &str, name: &str, countries: &BTreeSet<String>) -> bool {
    let alt = alt.trim();
    let letters = alt.chars().filter(|c| c.is_ascii_alphabetic()).count();
    alt.len() <= MAX_ALT
        && letters >= 3
        && alt.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '.'))
        && alt.starts_with(|c: char| c.is_ascii_uppercase())
        // All capitals are airport and postal codes.
        && alt.chars().any(|c| c.is_ascii_lowercase())
        && !alt.eq_ignore_ascii_case(name)
        && !countries.contains(&alt.to_ascii_lowercase())
}

/// Builds the data file from `countries.tsv`, `admin1.tsv` and
/// `cities15000.tsv` (with their header lines). Lines that cannot be read
/// are skipped; the output is sorted, so the same input gives the same bytes.
pub fn build_gazetteer(countries: &str, admin1: &str, cities: &str) -> String {
    // ISO2 → (ISO3, name, geonameid).
    let mut iso: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for line in countries.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if let [iso2, iso3, name, _capital, _continent, id, ..] = f[..] {
            if iso2.len() == 2 && iso3.len() == 3 {
                iso.insert(iso2.into(), (iso3.into(), name.trim().into(), id.trim().into()));
            }
        }
    }
    let country_names: BTreeSet<String> = iso.values().map(|(_, n, _)| n.to_ascii_lowercase()).collect();
    let mut country_centre: BTreeMap<String, Centre> = BTreeMap::new();
    let mut adm1_centre: BTreeMap<(String, String), Centre> = BTreeMap::new();
    let mut places: Vec<(u64, String)> = Vec::new();
    for line in cities.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [id, name, ascii, alts, cc, a1, _a1name, lat, lon, pop, ..] = f[..] else { continue };
        let (Ok(id), Ok(lat), Ok(lon)) = (id.parse::<u64>(), lat.parse::<f64>(), lon.parse::<f64>()) else {
            continue;
        };
        let Some((iso3, _, _)) = iso.get(cc) else { continue };
        let pop: u64 = pop.parse().unwrap_or(0);
        country_centre.entry(iso3.clone()).or_default().add(lat, lon, pop);
        if !a1.is_empty() {
            adm1_centre.entry((cc.to_string(), a1.to_string())).or_default().add(lat, lon, pop);
        }
        let mut kept: BTreeSet<String> = BTreeSet::new();
        let mut keys: BTreeSet<String> = [name.to_lowercase()].into();
        if !ascii.eq_ignore_ascii_case(name) && useful_alt(ascii, name, &country_names) {
            keys.insert(ascii.to_ascii_lowercase());
            kept.insert(ascii.trim().to_string());
        }
        // Names that contain the alternate or share its first word first
        // (`New York` of `New York City`), then the shortest: English
        // spellings over other languages' long forms.
        let first = name.split(' ').next().unwrap_or(name).to_ascii_lowercase();
        let mut useful: Vec<&str> =
            alts.split(',').map(str::trim).filter(|a| useful_alt(a, name, &country_names)).collect();
        useful.sort_by_key(|a| {
            let l = a.to_ascii_lowercase();
            let related = name.to_ascii_lowercase().contains(&l) || l.split(' ').next() == Some(first.as_str());
            (!related, a.len(), *a)
        });
        for alt in useful {
            if kept.len() >= MAX_ALTS {
                break;
            }
            if keys.insert(alt.to_ascii_lowercase()) {
                kept.insert(alt.to_string());
            }
        }
        let alts: Vec<&str> = kept.iter().map(String::as_str).collect();
        let mut out = String::new();
        let _ = write!(out, "P\t{id}\t{iso3}\t{a1}\t{}\t{lat:.4}\t{lon:.4}\t{pop}\t{}", name.trim(), alts.join("|"));
        places.push((id, out));
    }
    places.sort();
    let mut out = String::new();
    out.push_str(HEADER);
    out.push('\n');
    for (iso2, (iso3, name, id)) in &iso {
        // A country with no town of 15,000 people has no centre: it is kept
        // out rather than placed at 0°, 0°.
        let Some(c) = country_centre.get(iso3) else { continue };
        let (lat, lon) = c.lat_lon();
        let _ = writeln!(out, "C\t{id}\t{iso3}\t{iso2}\t{name}\t{lat:.4}\t{lon:.4}\t{}", c.population);
    }
    for line in admin1.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [_code, cc, a1, name, ..] = f[..] else { continue };
        let (Some((iso3, _, _)), Some(c)) = (iso.get(cc), adm1_centre.get(&(cc.to_string(), a1.to_string()))) else {
            continue;
        };
        let (lat, lon) = c.lat_lon();
        let _ = writeln!(out, "A\t{iso3}\t{a1}\t{}\t{lat:.4}\t{lon:.4}\t{}", name.trim(), c.population);
    }
    for (_, line) in places {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &str = "iso2\tiso3\tname\tcapital\tcontinent\tgeonameid\tpopulation\n\
        VE\tVEN\tVenezuela\tCaracas\tSA\t3625428\t28870195\n\
        FJ\tFJI\tFiji\tSuva\tOC\t2205218\t883483\n";
    const ADMIN1: &str = "code\tcountry_code\tadmin1_code\tname\n\
        VE.25\tVE\t25\tDistrito Federal\nFJ.01\tFJ\t01\tCentral\nFJ.02\tFJ\t02\tEastern\n";
    const CITIES: &str = "geonameid\tname\tasciiname\talternatenames\tcountry_code\tadmin1_code\tadmin1_name\tlatitude\tlongitude\tpopulation\ttimezone\n\
        3646738\tCaracas\tCaracas\tCCS,Caracas,Karakas,Karakasas,Venezuela,kalakasu,Каракас\tVE\t25\tDistrito Federal\t10.48801\t-66.87919\t3000000\tAmerica/Caracas\n\
        2198148\tSuva\tSuva\tSUV,Suva\tFJ\t01\tCentral\t-18.14161\t178.44149\t77366\tPacific/Fiji\n\
        999\tLevuka East\tLevuka East\t\tFJ\t02\tEastern\t-17.0\t-179.9\t77366\tPacific/Fiji\n\
        bad line\n";

    #[test]
    fn a_small_slice_builds_the_same_bytes_every_time() {
        let a = build_gazetteer(COUNTRIES, ADMIN1, CITIES);
        assert_eq!(a, build_gazetteer(COUNTRIES, ADMIN1, CITIES));
        let lines: Vec<&str> = a.lines().collect();
        assert_eq!(lines[0], HEADER);
        // Codes, Cyrillic and the country's name are left out of the
        // alternate names.
        assert!(lines.contains(&"P\t3646738\tVEN\t25\tCaracas\t10.4880\t-66.8792\t3000000\tKarakas|Karakasas"), "{a}");
        assert!(lines.contains(&"A\tVEN\t25\tDistrito Federal\t10.4880\t-66.8792\t3000000"), "{a}");
        // Fiji's centre is near 180°, not at 0°: its towns straddle the line.
        let fiji = lines.iter().find(|l| l.starts_with("C\t2205218")).unwrap();
        let lon: f64 = fiji.split('\t').nth(6).unwrap().parse().unwrap();
        assert!(lon.abs() > 178.0, "{fiji}");
        assert_eq!(a.lines().filter(|l| l.starts_with('P')).count(), 3);
    }
}
