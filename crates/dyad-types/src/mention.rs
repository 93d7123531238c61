//! Event mentions: the output of the `code` stage.

use crate::{DateBasis, DatePrecision, Location, PartialDate, Span};

/// How the text presents an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum Modality {
    /// Stated as fact by the text's own voice.
    Asserted,
    /// Attributed to someone else (`according to`, `X said that`).
    Reported,
    /// Someone denies it happened (`officials dismissed the report`).
    Denied,
    /// The text says it did not happen (`did not`, `never`).
    Negated,
    /// Intended or scheduled (`plans to`, `will`, `is expected to`).
    Planned,
    /// Threatened (`threatened to`).
    Threatened,
    /// Possible or conditional (`could`, `would … if`).
    Hypothetical,
    /// No one occurrence: a habit, a standing state or a running total
    /// (`Turkey, which backs the rebels`, `have been fighting Isis`, `has
    /// detained a total of 900`).
    Generic,
}

impl Modality {
    /// Whether the text says the event did not happen, only might, or
    /// tells of no one occurrence (negated, hypothetical, generic): such
    /// mentions are left out of output by default (`--all-modalities` keeps
    /// them).
    pub fn is_unreal(self) -> bool {
        matches!(self, Modality::Negated | Modality::Hypothetical | Modality::Generic)
    }

    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Denied => "denied",
            Modality::Negated => "negated",
            Modality::Planned => "planned",
            Modality::Threatened => "threatened",
            Modality::Hypothetical => "hypothetical",
            Modality::Generic => "generic",
        }
    }

    /// Parses the lowercase name.
    pub fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "reported" => Modality::Reported,
            "denied" => Modality::Denied,
            "negated" => Modality::Negated,
            "planned" => Modality::Planned,
            "threatened" => Modality::Threatened,
            "hypothetical" => Modality::Hypothetical,
            "generic" => Modality::Generic,
            _ => return None,
        })
    }
}

/// An actor as it appears in a mention.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActorRef {
    /// The words of the text that name the actor.
    pub text: String,
    /// CAMEO-style code: `IRN`, `IRNGOV`, `VENMIL`, `IGOUNO`.
    pub code: String,
    /// ISO 3166 alpha-3 code of the actor's state, or the IGO code.
    pub country: String,
    /// Sector code (`GOV`, `MIL`, `BUS`, …); empty for a state as a whole.
    pub sector: String,
    /// Where the actor's words are in the article.
    pub span: Span,
}

/// An amount tied to an event.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Quantity {
    /// The amount as a number (`1530000.0`).
    pub value: f64,
    /// The normalized unit (`barrel`, `USD`, `tanker`, `troop`, …).
    pub unit: String,
    /// The words of the text (`1.53 million barrels`).
    pub text: String,
}

/// Why a mention was coded: the words and dictionary entries that fired.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Evidence {
    /// The anchor word as written (`transported`).
    pub verb: String,
    /// Span of the anchor word.
    pub verb_span: Span,
    /// The dictionary pattern that matched, as written in the dictionary,
    /// prefixed by its code: `[071] send ~ &FUEL to +`.
    pub pattern: String,
    /// Where the pattern is defined (`builtin:verbs.txt:120`).
    pub pattern_origin: String,
    /// The rule that found the source: a tree relation (`nsubj`,
    /// `conj:nsubj`, `acl:relcl`, `obl:agent`) or a shallow rule (`subject`,
    /// `pattern`, `passive-agent`, `possessor`, `pronoun`, …); the full list
    /// with meanings is `dyad_code::Rule`. Empty for PETRARCH coding.
    pub source_rule: String,
    /// The rule that found the target: `obj` from the tree, or `pattern`,
    /// `object`, `subject`, `owner`, `compound`, `context`, … (`dyad_code::Rule`).
    pub target_rule: String,
    /// The words that set the modality (`according to`, `did not`), if any.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub modality_cue: Option<String>,
    /// Who says so, for reported and denied mentions (`a Bloomberg report`,
    /// `officials in Iran`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub attribution: Option<String>,
    /// The words that gave the date (`In May 2020`), if any.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub date_text: Option<String>,
    /// The CAMEO code of the action itself, when the mention's code is the
    /// intent or threat to do it (`plans to send aid`: action 071, code 0331).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub action_code: Option<String>,
    /// For a denial, the index of the sentence whose report is denied.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub denies_sentence: Option<usize>,
}

/// How the coder marks a date a sentence inherits from its paragraph
/// (`April 2022 (earlier in the paragraph)`).
const INHERITED_DATE: &str = "(earlier in the paragraph)";

impl Evidence {
    /// True when the mention's date is not its sentence's own but inherited
    /// from an earlier sentence of the paragraph: the paragraph's time
    /// supports it, the sentence does not pin it.
    pub fn date_inherited(&self) -> bool {
        self.date_text.as_deref().is_some_and(|t| t.ends_with(INHERITED_DATE))
    }
}

/// One coded event mention: who did what to whom, when, how much, as the
/// text presents it, and why.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mention {
    /// The article id.
    pub doc_id: String,
    /// 0-based index of the sentence in the article.
    pub sentence: usize,
    /// The sentence, with whitespace and line-break hyphenation cleaned up.
    pub text: String,
    /// Where the sentence is in the article (byte offsets).
    pub span: Span,
    /// Who acted (several for compound subjects); may be empty when the
    /// text names no actor.
    pub source: Vec<ActorRef>,
    /// Who was acted upon; empty for a one-sided event (`Thousands marched
    /// in Lagos`: PLOVER's recipient is optional).
    pub target: Vec<ActorRef>,
    /// CAMEO event code (`071`).
    pub cameo: String,
    /// Its two-digit root (`07`).
    pub cameo_root: String,
    /// PLOVER 2021 category (`AID`), empty when PLOVER has none.
    pub plover: String,
    /// CAMEO quad class: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein score of the code.
    pub goldstein: f32,
    /// Event date, when known.
    pub date: Option<PartialDate>,
    /// Precision of `date`.
    pub date_precision: Option<DatePrecision>,
    /// Where the date came from.
    pub date_basis: DateBasis,
    /// How the text presents the event.
    pub modality: Modality,
    /// How likely the mention is right (event, category, source and target),
    /// in `[0, 1]`, from its evidence alone (`dyad_code::confidence`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub confidence: f32,
    /// Amounts tied to the event.
    pub quantities: Vec<Quantity>,
    /// Why it was coded.
    pub evidence: Evidence,
    /// Where the event happened, when the text says (filled by the engine
    /// after coding; omitted from JSON when unknown).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub location: Option<Location>,
}

#[cfg(test)]
mod tests {
    use super::Modality;

    #[test]
    fn each_modality_reads_back_its_name_and_only_real_ones_are_kept() {
        let all = [
            Modality::Asserted,
            Modality::Reported,
            Modality::Denied,
            Modality::Negated,
            Modality::Planned,
            Modality::Threatened,
            Modality::Hypothetical,
            Modality::Generic,
        ];
        for m in all {
            assert_eq!(Modality::parse(m.as_str()), Some(m));
        }
        let unreal: Vec<&str> = all.iter().filter(|m| m.is_unreal()).map(|m| m.as_str()).collect();
        assert_eq!(unreal, ["negated", "hypothetical", "generic"]);
        assert_eq!(Modality::parse("habitual"), None);
    }
}
