//! English inflection for dictionary entries: verb forms and noun plurals.
//!
//! Dictionaries are written with base forms (`visit`, `seize`, `sanction`);
//! the loader expands them here so that matching at run time is a plain hash
//! lookup of the token. Over-generation (`visitted`) is harmless: such forms
//! never occur in text.

/// The forms of a verb, each tagged with what it can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum VerbForm {
    /// `visit`
    Base,
    /// `visits`
    Third,
    /// `visited` (simple past)
    Past,
    /// `visited` (past participle)
    Participle,
    /// `visiting`
    Gerund,
}

/// (base, past, participle) of irregular verbs used in news prose.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("build", "built", "built"),
    ("burn", "burnt", "burnt"),
    ("burst", "burst", "burst"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("foresee", "foresaw", "foreseen"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leant", "leant"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("outbid", "outbid", "outbid"),
    ("overcome", "overcame", "overcome"),
    ("override", "overrode", "overridden"),
    ("overrun", "overran", "overrun"),
    ("oversee", "oversaw", "overseen"),
    ("overtake", "overtook", "overtaken"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("prove", "proved", "proven"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("rid", "rid", "rid"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shut", "shut", "shut"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("slay", "slew", "slain"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("strike", "struck", "struck"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("thrust", "thrust", "thrust"),
    ("undergo", "underwent", "undergone"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("undo", "undid", "undone"),
    ("uphold", "upheld", "upheld"),
    ("upset", "upset", "upset"),
    ("wage", "waged", "waged"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weave", "wove", "woven"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("withstand", "withstood", "withstood"),
    ("write", "wrote", "written"),
];

/// Extra past forms accepted beside the main ones.
const VARIANTS: &[(&str, &str)] = &[
    ("be", "were"),
    ("burn", "burned"),
    ("get", "got"),
    ("lean", "leaned"),
    ("light", "lighted"),
    ("prove", "proved"),
    ("sink", "sunk"),
    ("spell", "spelled"),
    ("spell", "spelt"),
    ("dream", "dreamed"),
    ("learn", "learned"),
    ("learn", "learnt"),
    ("broadcast", "broadcasted"),
    ("forecast", "forecasted"),
    ("bid", "bade"),
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Ends consonant-vowel-consonant (`stop`, `ship`, `plan`): the final
/// consonant may double before `-ed`/`-ing`.
fn ends_cvc(w: &str) -> bool {
    let b = w.as_bytes();
    let n = b.len();
    n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
}

/// Regular third person singular, which is also the regular noun plural.
pub(crate) fn plural(w: &str) -> String {
    let b = w.as_bytes();
    let n = b.len();
    if n == 0 {
        return String::new();
    }
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh") {
        return format!("{w}es");
    }
    if n >= 2 && b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
        return format!("{}ies", &w[..n - 1]);
    }
    if n >= 2 && b[n - 1] == b'o' && !is_vowel(b[n - 2]) {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// Every form of a one-word verb with what it can be. The words of a
/// multi-word verb are not inflected here; the caller inflects the head.
pub(crate) fn verb_forms(base: &str) -> Vec<(String, VerbForm)> {
    let mut out = vec![(base.to_string(), VerbForm::Base)];
    let third = if base == "have" {
        "has".to_string()
    } else if base == "be" {
        "is".to_string()
    } else if base == "do" || base == "go" {
        format!("{base}es")
    } else {
        plural(base)
    };
    out.push((third, VerbForm::Third));
    if let Some(&(_, past, part)) = IRREGULAR.iter().find(|(b, _, _)| *b == base) {
        out.push((past.to_string(), VerbForm::Past));
        out.push((part.to_string(), VerbForm::Participle));
    } else {
        for ed in regular_ed(base) {
            out.push((ed.clone(), VerbForm::Past));
            out.push((ed, VerbForm::Participle));
        }
    }
    for &(_, v) in VARIANTS.iter().filter(|(b, _)| *b == base) {
        out.push((v.to_string(), VerbForm::Past));
        out.push((v.to_string(), VerbForm::Participle));
    }
    for ing in regular_ing(base) {
        out.push((ing, VerbForm::Gerund));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then((a.1 as u8).cmp(&(b.1 as u8))));
    out.dedup();
    out
}

fn regular_ed(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    let n = b.len();
    if w.ends_with('e') {
        return vec![format!("{w}d")];
    }
    if n >= 2 && b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
        return vec![format!("{}ied", &w[..n - 1])];
    }
    if w.ends_with('c') {
        return vec![format!("{w}ked"), format!("{w}ed")];
    }
    let mut v = vec![format!("{w}ed")];
    if ends_cvc(w) {
        v.push(format!("{w}{}ed", &w[n - 1..]));
    }
    v
}

fn regular_ing(w: &str) -> Vec<String> {
    let n = w.len();
    if w.ends_with("ie") {
        return vec![format!("{}ying", &w[..n - 2])];
    }
    if w.ends_with('e') && !w.ends_with("ee") && !w.ends_with("ye") && !w.ends_with("oe") && n > 2 {
        return vec![format!("{}ing", &w[..n - 1])];
    }
    if w.ends_with('c') {
        return vec![format!("{w}king"), format!("{w}ing")];
    }
    let mut v = vec![format!("{w}ing")];
    if ends_cvc(w) {
        v.push(format!("{w}{}ing", &w[n - 1..]));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(base: &str) -> Vec<String> {
        verb_forms(base).into_iter().map(|(f, _)| f).collect::<std::collections::BTreeSet<_>>().into_iter().collect()
    }

    #[test]
    fn regular_and_irregular_verbs() {
        assert!(forms("visit").iter().any(|f| f == "visited"));
        assert!(forms("seize").iter().any(|f| f == "seized"));
        assert!(forms("seize").iter().any(|f| f == "seizing"));
        assert!(forms("ship").iter().any(|f| f == "shipped"));
        assert!(forms("ship").iter().any(|f| f == "shipping"));
        assert!(forms("send").iter().any(|f| f == "sent"));
        assert!(forms("accuse").iter().any(|f| f == "accuses"));
        assert!(forms("supply").iter().any(|f| f == "supplied"));
        assert!(forms("supply").iter().any(|f| f == "supplies"));
        assert!(forms("meet").iter().any(|f| f == "met"));
        assert!(forms("tie").iter().any(|f| f == "tying"));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("sanction"), "sanctions");
        assert_eq!(plural("ministry"), "ministries");
        assert_eq!(plural("embargo"), "embargoes");
        assert_eq!(plural("church"), "churches");
        assert_eq!(plural("day"), "days");
    }
}
