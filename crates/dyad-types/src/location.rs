//! Where an event happened: a place of the gazetteer tied to a mention.

use crate::Span;

/// What kind of place a [`Location`] is, from the most to the least precise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum Feature {
    /// A named site: a port, a refinery, a base.
    Site,
    /// A city or town.
    City,
    /// A body of water: a strait, a gulf, a sea.
    Water,
    /// A first-level division (a state, a province).
    Adm1,
    /// A country as a whole.
    Country,
}

impl Feature {
    /// The lowercase name used in output and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Site => "site",
            Feature::City => "city",
            Feature::Water => "water",
            Feature::Adm1 => "adm1",
            Feature::Country => "country",
        }
    }

    /// Parses the lowercase name.
    pub fn parse(s: &str) -> Option<Feature> {
        Some(match s {
            "site" => Feature::Site,
            "city" => Feature::City,
            "water" => Feature::Water,
            "adm1" => Feature::Adm1,
            "country" => Feature::Country,
            _ => return None,
        })
    }

    /// Rank of precision: 0 for a site or a city, 1 for water, 2 for a
    /// first-level division, 3 for a country. Lower is more precise.
    pub fn rank(self) -> u8 {
        match self {
            Feature::Site | Feature::City => 0,
            Feature::Water => 1,
            Feature::Adm1 => 2,
            Feature::Country => 3,
        }
    }
}

/// Why a mention has its location.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum LocationBasis {
    /// A place named in the mention's own sentence.
    Sentence,
    /// The article's dateline (`CARACAS, May 25 (Reuters) -`).
    Dateline,
    /// The place the article names most, when the sentence names none.
    Document,
    /// The state of the mention's source, at country level, when the text
    /// names no place and the dateline is a desk's far from the story
    /// (`LONDON` over Tehran's news) while the article's actors are mostly
    /// of that state.
    Actor,
}

impl LocationBasis {
    /// The lowercase name used in output and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationBasis::Sentence => "sentence",
            LocationBasis::Dateline => "dateline",
            LocationBasis::Document => "document",
            LocationBasis::Actor => "actor",
        }
    }

    /// Parses the lowercase name.
    pub fn parse(s: &str) -> Option<LocationBasis> {
        Some(match s {
            "sentence" => LocationBasis::Sentence,
            "dateline" => LocationBasis::Dateline,
            "document" => LocationBasis::Document,
            "actor" => LocationBasis::Actor,
            _ => return None,
        })
    }
}

/// The place where a mention's event happened, as resolved in the gazetteer.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
    /// The words of the text that name the place (`El Palito`); empty when
    /// the basis is `actor`.
    pub text: String,
    /// Where those words are in the article, when the text names the place.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub span: Option<Span>,
    /// The gazetteer's name of the place (`Puerto Cabello`).
    pub name: String,
    /// What kind of place it is.
    pub feature: Feature,
    /// ISO 3166 alpha-3 code of its country; empty for international waters.
    pub country: String,
    /// GeoNames first-level division code within the country (`FL`, `15`),
    /// empty when unknown or for a country.
    pub adm1: String,
    /// Latitude in degrees (for a country or a division, the population
    /// centre of its towns).
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// GeoNames id; 0 for the places of dyad's own table.
    pub geonameid: u64,
    /// Why the mention has this location.
    pub basis: LocationBasis,
    /// How sure the choice is, from 0 to 1.
    pub confidence: f32,
    /// Why the place is in doubt, when it is: the name also means a place
    /// in another country (`also Georgia, USA adm1`), or the place's
    /// country is not the dateline's or the article's (`dateline: Caracas,
    /// VEN`). Shown, not resolved: the choice stands.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub conflict: Option<String>,
}

/// Two places of one city or site further apart than this (km) differ.
const SAME_PLACE_KM: f64 = 50.0;

impl Location {
    /// True when the text itself names the place (its sentence or the
    /// dateline), not a guess from the document or the actors.
    pub fn stated(&self) -> bool {
        matches!(self.basis, LocationBasis::Sentence | LocationBasis::Dateline)
    }

    /// True when two locations can be the same event's: different
    /// countries, cities or sites more than 50 km apart, or first-level
    /// divisions that differ do not agree; a place and the country or
    /// division that contains it do.
    pub fn agrees(&self, other: &Location) -> bool {
        if !self.stated() || !other.stated() {
            return true;
        }
        if self.country.is_empty() || other.country.is_empty() {
            // International waters: only distance tells.
            return self.km_to(other.lat, other.lon) < 1_000.0;
        }
        if self.country != other.country {
            return false;
        }
        let (a, b) = (self.feature.rank(), other.feature.rank());
        if a == 0 && b == 0 {
            return self.km_to(other.lat, other.lon) <= SAME_PLACE_KM;
        }
        let divisions = self.feature != Feature::Country && other.feature != Feature::Country;
        !divisions || self.adm1.is_empty() || other.adm1.is_empty() || self.adm1 == other.adm1
    }

    /// Great-circle distance to a point, in kilometres.
    pub fn km_to(&self, lat: f64, lon: f64) -> f64 {
        haversine_km(self.lat, self.lon, lat, lon)
    }
}

/// Great-circle distance between two points given in degrees, in kilometres
/// (haversine; right across the antimeridian).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_cross_the_antimeridian() {
        // Suva (Fiji) to a point just across 180°.
        let d = haversine_km(-18.14, 178.44, -18.14, -179.9);
        assert!((170.0..180.0).contains(&d), "{d}");
        assert!(haversine_km(10.0, 20.0, 10.0, 20.0) < 1e-9);
    }
}
