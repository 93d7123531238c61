//! The embedded gazetteer: places, their names, and the index from a
//! normalised name to the places it can mean.

use std::sync::OnceLock;

use dyad_types::Feature;
use rustc_hash::FxHashMap;

/// The data file built by [`crate::build_gazetteer`] from GeoNames.
static DATA: &str = include_str!("../data/gazetteer.tsv");

/// dyad's own table of bodies of water, sites and other country names.
static SITES: &str = include_str!("../data/sites.tsv");

/// One place of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Its name (`Caracas`).
    pub name: &'static str,
    /// What kind of place it is.
    pub feature: Feature,
    /// ISO 3166 alpha-3 code of its country; empty for international waters.
    pub country: &'static str,
    /// GeoNames first-level division code (`25`, `FL`); empty if none.
    pub adm1: &'static str,
    /// Latitude in degrees.
    pub lat: f32,
    /// Longitude in degrees.
    pub lon: f32,
    /// Population (for a country or a division: of its towns of 15,000+).
    pub population: u32,
    /// GeoNames id; 0 for dyad's own table.
    pub geonameid: u32,
}

/// Places and the index of their names. Load it once with [`Gazetteer::get`].
#[derive(Debug)]
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    /// Hash of a normalised name → its range in `postings`. Names are
    /// hashed, not stored: loading allocates nothing per name (a 64-bit
    /// hash collision among ~120,000 names is vanishingly unlikely).
    index: FxHashMap<u64, (u32, u32)>,
    /// Indexes into `places`, grouped by name.
    postings: Vec<u32>,
    /// (name hash, place) pairs gathered while parsing.
    pairs: Vec<(u64, u32)>,
    /// ISO3 → the country's place.
    countries: FxHashMap<&'static str, u32>,
    /// (ISO3, ADM1 code) → the division's place.
    divisions: FxHashMap<(&'static str, &'static str), u32>,
    /// ISO3 → ISO2.
    iso2: FxHashMap<&'static str, &'static str>,
}

/// FNV-1a over a normalised name's bytes, with a final mix.
fn hash_key(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A name as the index keys it: lowercase, without full stops, with a
/// typographic apostrophe as `'`.
pub(crate) fn key(name: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in name.chars() {
        match c {
            '.' => {}
            ' ' | '\t' | '\n' | '\r' => space = !out.is_empty(),
            '\u{2019}' => out.push('\''),
            c => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.extend(c.to_lowercase());
            }
        }
    }
}

impl Gazetteer {
    /// The built-in gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(DATA, SITES))
    }

    /// Parses a data file and a table of dyad's own places. Lines that do
    /// not read are skipped.
    pub fn parse(data: &'static str, sites: &'static str) -> Gazetteer {
        let mut g = Gazetteer {
            places: Vec::with_capacity(40_000),
            index: FxHashMap::default(),
            postings: Vec::new(),
            pairs: Vec::with_capacity(130_000),
            countries: FxHashMap::default(),
            divisions: FxHashMap::default(),
            iso2: FxHashMap::default(),
        };
        let mut k = String::new();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&'static str> = line.split('\t').collect();
            let num = |i: usize| f.get(i).and_then(|s| s.parse::<f32>().ok()).unwrap_or(0.0);
            let int = |i: usize| f.get(i).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
            let (place, names) = match f.first() {
                Some(&"C") if f.len() >= 8 => {
                    g.iso2.insert(f[2], f[3]);
                    let p = Place {
                        name: f[4],
                        feature: Feature::Country,
                        country: f[2],
                        adm1: "",
                        lat: num(5),
                        lon: num(6),
                        population: int(7),
                        geonameid: int(1),
                    };
                    (p, "")
                }
                Some(&"A") if f.len() >= 7 => {
                    let p = Place {
                        name: f[3],
                        feature: Feature::Adm1,
                        country: f[1],
                        adm1: f[2],
                        lat: num(4),
                        lon: num(5),
                        population: int(6),
                        geonameid: 0,
                    };
                    (p, "")
                }
                Some(&"P") if f.len() >= 9 => {
                    let p = Place {
                        name: f[4],
                        feature: Feature::City,
                        country: f[2],
                        adm1: f[3],
                        lat: num(5),
                        lon: num(6),
                        population: int(7),
                        geonameid: int(1),
                    };
                    (p, f[8])
                }
                _ => continue,
            };
            g.add(place, names, &mut k);
        }
        for line in sites.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let f: Vec<&'static str> = line.split('\t').collect();
            match f[..] {
                ["country", iso3, names] => {
                    if let Some(&i) = g.countries.get(iso3) {
                        for n in names.split('|') {
                            g.alias(n, i, &mut k);
                        }
                    }
                }
                [kind, country, lat, lon, names] => {
                    let feature = if kind == "water" { Feature::Water } else { Feature::Site };
                    let (Ok(lat), Ok(lon)) = (lat.parse(), lon.parse()) else { continue };
                    let mut names = names.split('|');
                    let Some(name) = names.next() else { continue };
                    let p = Place { name, feature, country, adm1: "", lat, lon, population: 0, geonameid: 0 };
                    g.add(p, "", &mut k);
                    let i = (g.places.len() - 1) as u32;
                    for n in names {
                        g.alias(n, i, &mut k);
                    }
                }
                _ => {}
            }
        }
        let mut pairs = std::mem::take(&mut g.pairs);
        pairs.sort_unstable();
        pairs.dedup();
        g.index.reserve(pairs.len());
        g.postings = Vec::with_capacity(pairs.len());
        for (h, i) in pairs {
            let at = g.postings.len() as u32;
            g.index.entry(h).or_insert((at, 0)).1 += 1;
            g.postings.push(i);
        }
        g
    }

    fn add(&mut self, place: Place, alternates: &'static str, k: &mut String) {
        let i = self.places.len() as u32;
        match place.feature {
            Feature::Country => {
                self.countries.insert(place.country, i);
            }
            Feature::Adm1 => {
                self.divisions.insert((place.country, place.adm1), i);
            }
            _ => {}
        }
        let name = place.name;
        self.places.push(place);
        self.alias(name, i, k);
        for alt in alternates.split('|').filter(|a| !a.is_empty()) {
            self.alias(alt, i, k);
        }
    }

    fn alias(&mut self, name: &str, i: u32, k: &mut String) {
        key(name, k);
        if k.is_empty() {
            return;
        }
        self.pairs.push((hash_key(k), i));
    }

    /// The places a normalised name (see [`Gazetteer::lookup`]) can mean.
    pub(crate) fn by_key(&self, key: &str) -> &[u32] {
        match self.index.get(&hash_key(key)) {
            Some(&(at, n)) => self.postings.get(at as usize..(at + n) as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The place with index `i`.
    pub(crate) fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// Every place a name can mean (any case; full stops ignored).
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = &Place> + '_ {
        let mut k = String::new();
        key(name, &mut k);
        self.by_key(&k).iter().map(|&i| self.place(i))
    }

    /// A country by its ISO3 code.
    pub fn country(&self, iso3: &str) -> Option<&Place> {
        self.countries.get(iso3).map(|&i| self.place(i))
    }

    /// A first-level division by its country and code.
    pub fn division(&self, iso3: &str, adm1: &str) -> Option<&Place> {
        self.divisions.get(&(iso3, adm1)).map(|&i| self.place(i))
    }

    /// The ISO2 code of a country given by ISO3.
    pub fn iso2(&self, iso3: &str) -> Option<&'static str> {
        self.iso2.get(iso3).copied()
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when there is no place (never for the built-in gazetteer).
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct names indexed.
    pub fn names(&self) -> usize {
        self.index.len()
    }
}

/// A location's full name, GDELT-style: `Caracas, Distrito Federal,
/// Venezuela`; `Florida, United States`; `Venezuela`; the name alone for
/// international waters.
pub fn full_name(l: &dyad_types::Location) -> String {
    let g = Gazetteer::get();
    let mut parts = vec![l.name.as_str()];
    if matches!(l.feature, Feature::City | Feature::Site | Feature::Water) && !l.adm1.is_empty() {
        if let Some(d) = g.division(&l.country, &l.adm1) {
            parts.push(d.name);
        }
    }
    if l.feature != Feature::Country {
        if let Some(c) = g.country(&l.country) {
            parts.push(c.name);
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_keyed_without_case_or_full_stops() {
        let mut k = String::new();
        key("U.S.", &mut k);
        assert_eq!(k, "us");
        key("  Côte  d\u{2019}Ivoire ", &mut k);
        assert_eq!(k, "côte d'ivoire");
    }

    /// Resident memory of this process in bytes (Linux), for the figure.
    fn rss() -> Option<u64> {
        let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
        Some(statm.split_whitespace().nth(1)?.parse::<u64>().ok()? * 4096)
    }

    /// CPU time of this thread in milliseconds (Linux; 10 ms ticks), which
    /// a busy machine does not inflate as it does wall time.
    fn cpu_ms() -> Option<u64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let rest = stat.rsplit_once(')')?.1;
        let f: Vec<&str> = rest.split_whitespace().collect();
        Some((f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?) * 10)
    }

    #[test]
    #[allow(clippy::print_stderr, reason = "the figure is the test's report")]
    fn loading_costs_milliseconds_and_megabytes() {
        let before = rss();
        let cpu = cpu_ms();
        let t = std::time::Instant::now();
        let g = Gazetteer::parse(DATA, SITES);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu_ms().zip(cpu).map_or(0, |(a, b)| a.saturating_sub(b));
        let grown = rss().zip(before).map_or(0, |(a, b)| a.saturating_sub(b));
        eprintln!(
            "gazetteer: {} places, {} names, parsed in {ms:.1} ms wall, {cpu} ms CPU, +{:.1} MB resident",
            g.len(),
            g.names(),
            grown as f64 / 1e6
        );
        // Debug builds are slower; the release figure is in the README.
        assert!(ms < 2_000.0, "{ms} ms");
        assert!(grown < 50_000_000, "{grown} bytes");
    }

    #[test]
    fn the_builtin_gazetteer_loads_fast_and_knows_the_world() {
        let t = std::time::Instant::now();
        let g = Gazetteer::get();
        let ms = t.elapsed().as_millis();
        assert!(g.len() > 30_000, "{}", g.len());
        // Debug builds are slower; the release figure is in the README.
        assert!(ms < 2_000, "{ms} ms");
        let caracas: Vec<_> = g.lookup("caracas").collect();
        assert_eq!(caracas[0].country, "VEN");
        assert!(g.lookup("U.S.").any(|p| p.feature == Feature::Country && p.country == "USA"));
        assert!(g.lookup("Strait of Hormuz").any(|p| p.feature == Feature::Water));
        assert_eq!(g.iso2("VEN"), Some("VE"));
        assert!(g.division("USA", "FL").is_some_and(|p| p.name == "Florida"));
    }
}
