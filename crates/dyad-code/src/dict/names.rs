//! Canonical names of actor codes, from the built-in dictionaries: what an
//! analyst reads instead of the code (`IRNGOV` → Iran, government), while
//! the words an article used stay in the evidence.
//!
//! A code is named by its parts, as CAMEO builds it: a state (`countries.txt`
//! headers) or an international organisation (`igos.txt`), then a sector
//! (`agents.txt` headers). Organisation entries of `actors.txt` are not used:
//! their codes are shared by every organisation of that state and sector.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{BUILTIN_AGENTS, BUILTIN_COUNTRIES, BUILTIN_IGOS};

/// The canonical name of an actor code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorName {
    /// `Iran`, `United Nations`, `Iran · government`, `civilians`.
    pub name: String,
    /// The state or organisation's name, when the code has one.
    pub country: Option<&'static str>,
    /// The sector's name (`government`, `military`), when the code has one.
    pub sector: Option<&'static str>,
}

/// Headers `[CODE] Name` of the built-in files, by code.
struct Tables {
    states: HashMap<&'static str, &'static str>,
    sectors: HashMap<&'static str, &'static str>,
}

fn headers(text: &'static str, short: bool) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines().filter_map(move |line| {
        let rest = line.trim().strip_prefix('[')?;
        let (code, name) = rest.split_once(']')?;
        let name = name.split('#').next().unwrap_or("").trim();
        // Sector headers describe the sector (`government and executive,
        // ministers…`): its first words name it.
        let name = if short {
            name.split([',', ';']).next().unwrap_or(name).split(" and ").next().unwrap_or(name)
        } else {
            name
        };
        (!code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase()) && !name.is_empty())
            .then_some((code, name.trim()))
    })
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        states: headers(BUILTIN_COUNTRIES, false).chain(headers(BUILTIN_IGOS, false)).collect(),
        sectors: headers(BUILTIN_AGENTS, true).collect(),
    })
}

/// The canonical name of `code`, or `None` for a code the built-in
/// dictionaries do not define.
pub fn actor_name(code: &str) -> Option<ActorName> {
    let t = tables();
    if let Some(&name) = t.states.get(code) {
        return Some(ActorName { name: name.to_string(), country: Some(name), sector: None });
    }
    if let Some(&sector) = t.sectors.get(code) {
        return Some(ActorName { name: sector.to_string(), country: None, sector: Some(sector) });
    }
    // State or organisation + sector: IRNGOV, IGOUNOGOV (six letters for an IGO).
    for split in [3, 6] {
        let (Some(head), Some(tail)) = (code.get(..split), code.get(split..)) else { continue };
        if let (Some(&country), Some(&sector)) = (t.states.get(head), t.sectors.get(tail)) {
            return Some(ActorName {
                name: format!("{country} · {sector}"),
                country: Some(country),
                sector: Some(sector),
            });
        }
    }
    None
}

/// Actor codes whose code or canonical name contains `query` (case
/// ignored), states and organisations first, at most `limit`: the
/// suggestions of an actor search.
pub fn suggest_actors(query: &str, limit: usize) -> Vec<(&'static str, &'static str)> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, &'static str, &'static str)> = tables()
        .states
        .iter()
        .filter_map(|(&code, &name)| {
            let (c, n) = (code.to_lowercase(), name.to_lowercase());
            // Exact code, then a name or code starting with the query, then anywhere.
            let rank = if c == q {
                0
            } else if n.starts_with(&q) || c.starts_with(&q) {
                1
            } else if n.contains(&q) {
                2
            } else {
                return None;
            };
            Some((rank, code, name))
        })
        .collect();
    hits.sort();
    hits.into_iter().take(limit).map(|(_, c, n)| (c, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::{actor_name, suggest_actors};

    fn name(code: &str) -> String {
        actor_name(code).map_or_else(|| "-".to_string(), |a| a.name)
    }

    #[test]
    fn codes_are_named_by_state_organisation_and_sector() {
        assert_eq!(name("IRN"), "Iran");
        assert_eq!(name("IRNGOV"), "Iran · government");
        assert_eq!(name("VENMIL"), "Venezuela · military");
        assert_eq!(name("IGOUNO"), "United Nations");
        assert_eq!(name("CVL"), "civilians");
        assert_eq!(name("XYZ"), "-");
        let a = actor_name("USACOP").unwrap();
        assert_eq!((a.country, a.sector), (Some("United States"), Some("police")));
    }

    #[test]
    fn suggestions_rank_exact_codes_and_prefixes_first() {
        let s = suggest_actors("ven", 5);
        assert_eq!(s.first(), Some(&("VEN", "Venezuela")));
        assert_eq!(suggest_actors("irn", 1), [("IRN", "Iran")]);
        assert!(suggest_actors("united nations", 10).iter().any(|(c, _)| *c == "IGOUNO"));
        assert!(suggest_actors("  ", 10).is_empty());
    }
}
