//! Helpers shared by the engine's text-in, events-out tests.
#![allow(dead_code, reason = "each test file uses part of it")]

use dyad_engine::{Pipeline, Settings};
use dyad_types::{ActorRef, Article, Mention, PartialDate};

/// The mentions of `text`, coded as one article dated 2024-03-01.
pub(crate) fn mentions(text: &str) -> Vec<Mention> {
    mentions_with(text, &Settings::default())
}

/// [`mentions`] with negated and hypothetical ones kept.
pub(crate) fn all_mentions(text: &str) -> Vec<Mention> {
    mentions_with(text, &Settings { all_modalities: true, ..Settings::default() })
}

fn mentions_with(text: &str, settings: &Settings) -> Vec<Mention> {
    let (pipeline, problems) = Pipeline::new(settings);
    assert!(problems.is_empty(), "{problems:?}");
    let article =
        Article { id: "t".into(), text: text.into(), date: PartialDate::parse("2024-03-01"), ..Article::default() };
    pipeline.code(&article).mentions
}

/// Actor codes joined with `+`.
pub(crate) fn codes(v: &[ActorRef]) -> String {
    v.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join("+")
}
