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
///
/// Loading is one pass over the compiled-in table: fields are borrowed from
/// it (no copy of any name), each name is hashed as it is normalised (no
/// allocation per name), and the index is a sorted array searched by
/// bisection rather than a hash map built at start-up.
#[derive(Debug)]
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    /// Hashes of the normalised names, sorted, one per (name, place) pair.
    /// Names are hashed, not stored (a 64-bit hash collision among
    /// ~120,000 names is vanishingly unlikely).
    hashes: Vec<u64>,
    /// The place of each entry of `hashes`.
    postings: Vec<u32>,
    /// Number of distinct names.
    distinct: usize,
    /// ISO3 → the country's place.
    countries: FxHashMap<&'static str, u32>,
    /// (ISO3, ADM1 code) → the division's place.
    divisions: FxHashMap<(&'static str, &'static str), u32>,
    /// ISO3 → ISO2.
    iso2: FxHashMap<&'static str, &'static str>,
}

/// FNV-1a offset basis.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into an FNV-1a hash.
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// The final mix of a name's hash.
fn finish(h: u64) -> u64 {
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// FNV-1a over a normalised name's bytes, with a final mix.
fn hash_key(key: &str) -> u64 {
    finish(key.bytes().fold(FNV_START, fnv))
}

/// The hash of a name's key ([`key`]) computed without building the key:
/// equal to `hash_key` of it, and `None` when the key is empty.
fn hash_name(name: &str) -> Option<u64> {
    let mut h = FNV_START;
    let (mut any, mut space) = (false, false);
    let emit = |h: &mut u64, bytes: &[u8], space: &mut bool, any: &mut bool| {
        if *space {
            *h = fnv(*h, b' ');
            *space = false;
        }
        *h = bytes.iter().fold(*h, |h, &b| fnv(h, b));
        *any = true;
    };
    for c in name.chars() {
        match c {
            '.' => {}
            ' ' | '\t' | '\n' | '\r' => space = any,
            '\u{2019}' => emit(&mut h, b"'", &mut space, &mut any),
            c if c.is_ascii() => emit(&mut h, &[c.to_ascii_lowercase() as u8], &mut space, &mut any),
            c => {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    emit(&mut h, l.encode_utf8(&mut buf).as_bytes(), &mut space, &mut any);
                }
            }
        }
    }
    any.then(|| finish(h))
}

/// The first `N` tab-separated fields of a line, and how many it has (up
/// to `N`), without allocating.
fn fields<const N: usize>(line: &'static str) -> ([&'static str; N], usize) {
    let mut out = [""; N];
    let mut n = 0;
    for (slot, f) in out.iter_mut().zip(line.split('\t')) {
        *slot = f;
        n += 1;
    }
    (out, n)
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
            c => {
                if space {
                    out.push(' ');
                    space = false;
                }
                // A typographic apostrophe keys as a plain one, after the
                // space before it (`El ’Ayoûn`).
                if c == '\u{2019}' {
                    out.push('\'');
                } else {
                    out.extend(c.to_lowercase());
                }
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
            hashes: Vec::new(),
            postings: Vec::new(),
            distinct: 0,
            countries: FxHashMap::default(),
            divisions: FxHashMap::default(),
            iso2: FxHashMap::default(),
        };
        // (name hash, place) pairs, sorted into the index at the end.
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(130_000);
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let (f, n) = fields::<9>(line);
            let num = |i: usize| f[i].parse::<f32>().unwrap_or(0.0);
            let int = |i: usize| f[i].parse::<u32>().unwrap_or(0);
            let (place, names) = match f[0] {
                "C" if n >= 8 => {
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
                "A" if n >= 7 => {
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
                "P" if n >= 9 => {
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
            g.add(place, names, &mut pairs);
        }
        for line in sites.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            match fields::<6>(line) {
                (["country", iso3, names, ..], 3) => {
                    if let Some(&i) = g.countries.get(iso3) {
                        pairs.extend(names.split('|').filter_map(hash_name).map(|h| (h, i)));
                    }
                }
                ([kind, country, lat, lon, names, _], 5) => {
                    let feature = if kind == "water" { Feature::Water } else { Feature::Site };
                    let (Ok(lat), Ok(lon)) = (lat.parse(), lon.parse()) else { continue };
                    let mut names = names.split('|');
                    let Some(name) = names.next() else { continue };
                    let p = Place { name, feature, country, adm1: "", lat, lon, population: 0, geonameid: 0 };
                    let i = g.add(p, "", &mut pairs);
                    pairs.extend(names.filter_map(hash_name).map(|h| (h, i)));
                }
                _ => {}
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        g.distinct = pairs.chunk_by(|a, b| a.0 == b.0).count();
        (g.hashes, g.postings) = pairs.into_iter().unzip();
        g
    }

    /// Adds a place and its names; returns its index.
    fn add(&mut self, place: Place, alternates: &'static str, pairs: &mut Vec<(u64, u32)>) -> u32 {
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
        let names = std::iter::once(place.name).chain(alternates.split('|'));
        pairs.extend(names.filter_map(hash_name).map(|h| (h, i)));
        self.places.push(place);
        i
    }

    /// The places a normalised name (see [`Gazetteer::lookup`]) can mean.
    pub(crate) fn by_key(&self, key: &str) -> &[u32] {
        let h = hash_key(key);
        let at = self.hashes.partition_point(|&x| x < h);
        let n = self.hashes[at..].partition_point(|&x| x == h);
        self.postings.get(at..at + n).unwrap_or(&[])
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

    /// The index of a country's place by its ISO3 code.
    pub(crate) fn country_index(&self, iso3: &str) -> Option<u32> {
        self.countries.get(iso3).copied()
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
        self.distinct
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
    fn a_name_hashes_as_its_key_does() {
        let mut k = String::new();
        let g = Gazetteer::get();
        let odd = ["U.S.", "  Côte  d\u{2019}Ivoire ", "İstanbul", "ÅLESUND", " . ", "", "Straße"];
        let names = g.places.iter().map(|p| p.name).chain(DATA.lines().flat_map(|l| l.split(['\t', '|'])));
        for name in names.chain(odd) {
            key(name, &mut k);
            let expected = (!k.is_empty()).then(|| hash_key(&k));
            assert_eq!(hash_name(name), expected, "{name:?}");
        }
    }

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
        // Time is a benchmark's figure (README, bench/results), not a test's.
        assert!(grown < 50_000_000, "{grown} bytes");
    }

    #[test]
    fn the_builtin_gazetteer_knows_the_world() {
        let g = Gazetteer::get();
        assert!(g.len() > 30_000, "{}", g.len());
        let caracas: Vec<_> = g.lookup("caracas").collect();
        assert_eq!(caracas[0].country, "VEN");
        assert!(g.lookup("U.S.").any(|p| p.feature == Feature::Country && p.country == "USA"));
        assert!(g.lookup("Strait of Hormuz").any(|p| p.feature == Feature::Water));
        assert_eq!(g.iso2("VEN"), Some("VE"));
        assert!(g.division("USA", "FL").is_some_and(|p| p.name == "Florida"));
    }
}
