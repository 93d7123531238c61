//! Quantities: amounts with scale words and units, normalized to numbers.
//!
//! `1.53 million barrels` → 1 530 000 barrel, `$500 million` → 500 000 000
//! USD, `five Iranian tankers` → 5 tanker, `25 agreements` → 25 agreement.
//! A number with no unit (a year, a page) is not a quantity.

/// A quantity found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Amount {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) value: f64,
    pub(crate) unit: &'static str,
}

pub(crate) fn number_word(w: &str) -> Option<f64> {
    Some(match w {
        "one" | "a" | "an" => 1.0,
        "two" | "both" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "hundreds" => 100.0,
        "thousands" => 1000.0,
        "dozens" => 12.0,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "mln" | "mn" | "m" | "millions" => 1e6,
        "billion" | "bln" | "bn" | "b" | "billions" => 1e9,
        "trillion" | "tn" | "trillions" => 1e12,
        _ => return None,
    })
}

/// The normalized unit of a unit noun.
fn unit_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "barrel" | "barrels" | "bbl" | "bbls" => "barrel",
        "bpd" | "b/d" => "barrel_per_day",
        "tonne" | "tonnes" | "ton" | "tons" | "metric" => "tonne",
        "gallon" | "gallons" => "gallon",
        "liter" | "liters" | "litre" | "litres" => "litre",
        "tanker" | "tankers" | "supertanker" | "supertankers" => "tanker",
        "ship" | "ships" | "vessel" | "vessels" | "boat" | "boats" | "warship" | "warships" => "ship",
        "cargo" | "cargoes" | "cargos" | "shipment" | "shipments" => "shipment",
        "troop" | "troops" | "soldier" | "soldiers" | "marines" | "personnel" => "troop",
        "people" | "persons" | "person" | "civilians" | "civilian" | "residents" => "person",
        "refugees" | "migrants" => "refugee",
        "prisoners" | "detainees" => "prisoner",
        "dollar" | "dollars" | "dlrs" | "usd" => "USD",
        "euro" | "euros" | "eur" => "EUR",
        "pound" | "pounds" | "sterling" => "GBP",
        "yuan" | "renminbi" => "CNY",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "rial" | "rials" => "IRR",
        "bolivar" | "bolivars" | "bolivares" => "VES",
        "yen" => "JPY",
        "rupee" | "rupees" => "INR",
        "agreement" | "agreements" | "deal" | "deals" | "accord" | "accords" | "contract" | "contracts"
        | "memorandum" | "memorandums" | "memoranda" | "mou" | "mous" | "pact" | "pacts" | "treaties" | "treaty" => {
            "agreement"
        }
        "flight" | "flights" => "flight",
        "aircraft" | "plane" | "planes" | "jet" | "jets" | "airplane" | "airplanes" => "aircraft",
        "missile" | "missiles" | "rocket" | "rockets" => "missile",
        "drone" | "drones" => "drone",
        "sanction" | "sanctions" => "sanction",
        "km" | "kilometres" | "kilometers" | "miles" => "distance",
        _ => return None,
    })
}

fn currency_sign(w: &str) -> Option<&'static str> {
    Some(match w {
        "$" | "us$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "JPY",
        "₹" => "INR",
        "₽" => "RUB",
        _ => return None,
    })
}

/// Splits a number token with a glued scale (`3.5bn`) into value and scale.
fn parse_number(w: &str) -> Option<(f64, f64)> {
    let digits_end = w.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(w.len());
    if digits_end == 0 {
        return None;
    }
    let v: f64 = w[..digits_end].parse().ok()?;
    let suffix = &w[digits_end..];
    if suffix.is_empty() {
        return Some((v, 1.0));
    }
    scale_word(suffix).map(|s| (v, s))
}

/// Words that may stand between a number and its unit (`five Iranian oil tankers`).
fn is_modifier(w: &str) -> bool {
    w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !matches!(
            w,
            "of" | "in"
                | "to"
                | "from"
                | "for"
                | "and"
                | "or"
                | "the"
                | "a"
                | "an"
                | "with"
                | "by"
                | "on"
                | "at"
                | "were"
                | "was"
                | "are"
                | "is"
                | "percent"
                | "times"
                | "years"
                | "year"
                | "months"
                | "days"
                | "weeks"
                | "per"
                | "cent"
        )
}

/// Finds the amounts in a sentence's normalized tokens.
pub(crate) fn find(tokens: &[&str]) -> Vec<Amount> {
    let mut out = Vec::new();
    let n = tokens.len();
    let t = |i: usize| tokens.get(i).copied().unwrap_or("");
    let mut i = 0;
    while i < n {
        let start = i;
        let mut unit: Option<&'static str> = None;
        let mut k = i;
        // `US$`, `$`, `€`.
        if t(k) == "us" && t(k + 1) == "$" {
            k += 1;
        }
        if let Some(c) = currency_sign(t(k)) {
            unit = Some(c);
            k += 1;
        }
        let (mut value, mut scale) = if let Some((v, s)) = parse_number(t(k)) {
            k += 1;
            (v, s)
        } else if let Some(v) = number_word(t(k)) {
            // `a` and `an` count only before a scale word (`a million barrels`).
            if matches!(t(k), "a" | "an" | "both") && scale_word(t(k + 1)).is_none() {
                i += 1;
                continue;
            }
            k += 1;
            // `twenty-five`
            if t(k) == "-" {
                if let Some(v2) = number_word(t(k + 1)).filter(|v| *v < 10.0) {
                    k += 2;
                    (v + v2, 1.0)
                } else {
                    (v, 1.0)
                }
            } else {
                (v, 1.0)
            }
        } else {
            i += 1;
            continue;
        };
        // Years are not amounts unless a currency or unit says so.
        while let Some(s) = scale_word(t(k)) {
            // `m` and `b` alone are too ambiguous after a bare number.
            if matches!(t(k), "m" | "b") && unit.is_none() {
                break;
            }
            scale *= s;
            k += 1;
        }
        // `hundreds of thousands of people`
        if t(k) == "of" && matches!(t(k + 1), "thousands" | "millions") {
            scale *= if t(k + 1) == "thousands" { 1e3 } else { 1e6 };
            k += 2;
        }
        value *= scale;
        if unit.is_none() {
            // The unit follows, possibly after a few modifiers, or after `of`
            // for collective scales (`millions of dollars`).
            let mut u = k;
            let mut skipped = 0;
            if t(u) == "of" && scale > 1.0 {
                u += 1;
            }
            while skipped <= 2 {
                if let Some(w) = unit_word(t(u)) {
                    unit = Some(w);
                    k = u + 1;
                    break;
                }
                if !is_modifier(t(u)) {
                    break;
                }
                u += 1;
                skipped += 1;
            }
            // `barrels per day` / `barrels a day`
            if unit == Some("barrel") && matches!(t(k), "per" | "a") && t(k + 1) == "day" {
                unit = Some("barrel_per_day");
                k += 2;
            }
        } else if unit_word(t(k)).is_some_and(|w| w == unit.unwrap_or_default()) {
            // `$5 million dollars`
            k += 1;
        }
        match unit {
            Some(u) if value.is_finite() => {
                out.push(Amount { start, end: k, value, unit: u });
                i = k;
            }
            _ => i = k.max(i + 1),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, expected: &[&str]) {
        let tokens: Vec<String> = sentence.split_whitespace().map(str::to_lowercase).collect();
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let got: Vec<String> = find(&refs)
            .into_iter()
            .map(|a| format!("{}={} {}", refs[a.start..a.end].join(" "), a.value, a.unit))
            .collect();
        assert_eq!(got, expected, "{sentence}");
    }

    #[test]
    fn amounts_with_scales_and_units() {
        check(
            "five Iranian oil tankers transported 1.53 million barrels of oil",
            &["five iranian oil tankers=5 tanker", "1.53 million barrels=1530000 barrel"],
        );
        check("unloading 345000 barrels", &["345000 barrels=345000 barrel"]);
        check("flew out some $ 500 million in gold", &["$ 500 million=500000000 USD"]);
        check(
            "from the current $ 3 billion to $ 20 billion",
            &["$ 3 billion=3000000000 USD", "$ 20 billion=20000000000 USD"],
        );
        check("25 agreements were signed", &["25 agreements=25 agreement"]);
        check("sent 3000 troops", &["3000 troops=3000 troop"]);
        check("output of 500000 bpd", &["500000 bpd=500000 barrel_per_day"]);
        check("a 3.5bn dollars deal", &["3.5bn dollars=3500000000 USD"]);
        check("twenty - five tankers", &["twenty - five tankers=25 tanker"]);
    }

    #[test]
    fn numbers_without_units_are_not_amounts() {
        check("in May 2020 and in 2018 they met six times", &[]);
        check("a 20 - year pact", &[]);
    }
}
