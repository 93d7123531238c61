//! The event date: the nearest date expression in the event's clause, else
//! the visit the text is about, the paragraph's date, or the document's
//! (see [`crate::dates`] for how expressions are read); a planned act's
//! date is moved ahead where the text's past is the plan's.

use dyad_types::{DateBasis, Modality, PartialDate, Pos};

use super::{ArticleCoder, View};
use crate::dates;
use crate::lexicon as lx;

impl<'c> ArticleCoder<'c> {
    /// The date of the event at anchor `i` with this `modality`, its basis
    /// and the words that gave it: [`ArticleCoder::event_date`], moved
    /// [`ArticleCoder::ahead`] for a plan or threat.
    pub(super) fn date_of(
        &self,
        v: &View<'_>,
        i: usize,
        modality: Modality,
    ) -> (Option<PartialDate>, DateBasis, Option<String>) {
        let (date, basis, date_text) = self.event_date(v, i);
        let date = self.ahead(v, i, modality, date, basis, date_text.as_deref());
        (date, basis, date_text)
    }

    /// The event date: the nearest date expression in the clause, else the
    /// document date.
    fn event_date(&self, v: &View<'_>, i: usize) -> (Option<PartialDate>, DateBasis, Option<String>) {
        let best = v.times.iter().min_by_key(|t| {
            let d = if t.end <= i { i - t.end } else { t.start.saturating_sub(i) };
            // Prefer dates in the same clause: a clause break in between costs.
            let (a, b) = if t.end <= i { (t.end, i) } else { (i, t.start) };
            let breaks = (a..b).filter(|&k| matches!(v.t(k), ";" | ":" | "which" | "who" | "while" | "but")).count();
            // `since 2016` dates a period's start, rarely the event itself.
            let since = usize::from(t.start > 0 && matches!(v.t(t.start - 1), "since" | "until" | "till"));
            d + 20 * breaks + 30 * since
        });
        // `During his visit, …`: the time of the visit last reported.
        let during_visit = (0..v.toks.len()).find(|&k| {
            v.t(k) == "during"
                && (k + 1..(k + 4).min(v.toks.len()))
                    .any(|j| matches!(v.t(j), "visit" | "trip" | "tour" | "talks" | "meeting" | "stay" | "summit"))
        });
        match best {
            Some(t) => (Some(t.date), t.basis, Some(v.words(t.start, t.end))),
            None if during_visit.is_some() && self.last_visit_date.is_some() => {
                let k = during_visit.unwrap_or(0);
                (self.last_visit_date, DateBasis::Relative, Some(v.words(k, (k + 3).min(v.toks.len()))))
            }
            None => match (&self.paragraph_date, self.article.date) {
                // A present perfect or present tense is told from the
                // report's time, not the narrative's (`Turkey says it has
                // joined the rebels`).
                (Some((_, _, d, words)), _) if !told_from_now(v, i) => {
                    (Some(*d), DateBasis::Relative, Some(format!("{words} (earlier in the paragraph)")))
                }
                (_, Some(d)) => (Some(d), DateBasis::Document, None),
                (_, None) => (None, DateBasis::Unknown, None),
            },
        }
    }

    /// The date of a planned or threatened act, moved ahead where the text
    /// read as past is the plan's (see [`dates::forward`]).
    fn ahead(
        &self,
        v: &View<'_>,
        i: usize,
        modality: Modality,
        date: Option<PartialDate>,
        basis: DateBasis,
        date_text: Option<&str>,
    ) -> Option<PartialDate> {
        // `will visit in May`, written in June: next May. Only a date after
        // the anchor is the planned act's: in `said on Tuesday it will
        // withdraw`, Tuesday is when it was said.
        // Nor a date of a trailing attribution (`…, the minister said on Monday`).
        let date_after = v
            .times
            .iter()
            .any(|t| t.start > i && Some(t.date) == date && !(i + 1..t.start).any(|k| lx::is_speech_verb(v.t(k))));
        match (date, self.article.date) {
            (Some(d), Some(doc))
                if basis == DateBasis::Relative
                    && date_after
                    && matches!(modality, Modality::Planned | Modality::Threatened) =>
            {
                Some(dates::forward(d, doc, date_text.unwrap_or("")))
            }
            _ => date,
        }
    }
}

/// Whether the verb at `i` is told from the report's time: a present
/// perfect, a present or a future (`has joined`, `says`, `will meet`).
fn told_from_now(v: &View<'_>, i: usize) -> bool {
    let mut k = i;
    while k > 0 && (lx::is_verb_adverb(v.t(k - 1)) || lx::is_negation(v.t(k - 1))) {
        k -= 1;
    }
    let aux = (k > 0).then(|| v.t(k - 1));
    matches!(aux, Some("has" | "have" | "'ve" | "will" | "'ll" | "is" | "are" | "am"))
        || v.parse().is_some_and(|p| matches!(p.tags.get(i), Some(Pos::VBZ | Pos::VBP)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::code;
    use super::*;

    /// The date, basis and date words of each mention of `text`, written on `doc`.
    fn dated(doc: Option<&str>, text: &str) -> Vec<(Option<String>, DateBasis, Option<String>)> {
        code(doc, text)
            .into_iter()
            .map(|m| (m.date.map(|d| d.to_string()), m.date_basis, m.evidence.date_text))
            .collect()
    }

    fn one(date: &str, basis: DateBasis, text: Option<&str>) -> Vec<(Option<String>, DateBasis, Option<String>)> {
        vec![(Some(date.to_string()), basis, text.map(str::to_string))]
    }

    #[test]
    fn the_text_dates_the_event_else_the_document() {
        let doc = Some("2020-06-10");
        assert_eq!(dated(doc, "Iran sent fuel to Venezuela."), one("2020-06-10", DateBasis::Document, None));
        assert_eq!(
            dated(doc, "On 3 May 2019, Iran sent fuel to Venezuela."),
            one("2019-05-03", DateBasis::Explicit, Some("3 May 2019"))
        );
        // Monday before Wednesday 10 June 2020.
        assert_eq!(
            dated(doc, "Iran sent fuel to Venezuela on Monday."),
            one("2020-06-08", DateBasis::Relative, Some("Monday"))
        );
        assert_eq!(dated(None, "Iran sent fuel to Venezuela."), vec![(None, DateBasis::Unknown, None)]);
    }

    #[test]
    fn a_plan_is_dated_ahead() {
        // Written in June, `will visit in May` is next May; `visited in May` this one.
        let doc = Some("2020-06-10");
        assert_eq!(dated(doc, "Iran will visit Venezuela in May."), one("2021-05", DateBasis::Relative, Some("May")));
        assert_eq!(dated(doc, "Iran visited Venezuela in May."), one("2020-05", DateBasis::Relative, Some("May")));
    }

    #[test]
    fn a_date_carries_over_in_its_paragraph() {
        let found = dated(Some("2020-06-10"), "In June 2019, Iran sent fuel to Venezuela. Iran attacked Venezuela.");
        let inherited = (
            Some("2019-06".to_string()),
            DateBasis::Relative,
            Some("June 2019 (earlier in the paragraph)".to_string()),
        );
        assert_eq!(found.last(), Some(&inherited), "{found:?}");
    }

    #[test]
    fn a_present_perfect_is_told_from_the_report() {
        // `has attacked` is recent to the report, not to June 2019.
        let found =
            dated(Some("2020-06-10"), "In June 2019, Iran sent fuel to Venezuela. Iran has attacked Venezuela.");
        assert_eq!(found.last(), Some(&(Some("2020-06-10".to_string()), DateBasis::Document, None)), "{found:?}");
    }
}
