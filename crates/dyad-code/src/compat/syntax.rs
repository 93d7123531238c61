//! Pieces of the PETRARCH/TABARI dictionary syntax shared by its readers:
//! comments (`#`, `<!-- … -->`), `_`-joined names, `!SUBST!` sets and
//! date-restricted code blocks (`[CODE <date]`, `[CODE >date]`,
//! `[CODE date-date]`).

use std::collections::BTreeMap;

/// A line without its comments, trimmed; `None` when nothing is left.
/// `<!-- … -->` may span lines.
pub(crate) fn strip<'a>(raw: &'a str, in_comment: &mut bool) -> Option<&'a str> {
    let mut line = raw;
    if *in_comment {
        match line.find("-->") {
            Some(end) => {
                *in_comment = false;
                line = &line[end + 3..];
            }
            None => return None,
        }
    }
    if let Some(start) = line.find("<!--") {
        if !line[start..].contains("-->") {
            *in_comment = true;
        }
        line = &line[..start];
    }
    let line = line.split('#').next().unwrap_or("").trim();
    // `<! -- … -->` (a space inside the opener) is a comment to PETRARCH too.
    if line.starts_with("<!") {
        return None;
    }
    (!line.is_empty()).then_some(line)
}

/// `PRESIDENT_GEORGE_W._BUSH` → `PRESIDENT GEORGE W. BUSH`; a trailing `_`
/// (whole-word marker) is dropped.
pub(crate) fn name(s: &str) -> String {
    s.trim().trim_end_matches('_').replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Most substitutions into one name, and most steps of its expansion:
/// many sets in one name multiply their forms.
const EXPANSION_DEPTH: usize = 16;
const EXPANSION_STEPS: usize = 4096;

/// Substitution sets `!X!` expanded into every form, each occurrence
/// independently. A set is substituted as many times as the name names it
/// (once if only a value does): a set whose values name the set itself
/// (`!X! = A!X!`, found by fuzzing) recursed until the stack overflowed.
/// A form that still names a set, or that lies beyond the bounds above, is
/// left out.
pub(crate) fn expand(s: &str, subst: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    fn go(
        s: &str,
        subst: &BTreeMap<String, Vec<String>>,
        left: &mut [usize],
        depth: usize,
        steps: &mut usize,
        out: &mut Vec<String>,
    ) {
        if *steps == 0 {
            return;
        }
        *steps -= 1;
        match subst.iter().enumerate().find(|(_, (k, _))| s.contains(k.as_str())) {
            Some((i, (k, vs))) if left[i] > 0 && depth < EXPANSION_DEPTH => {
                left[i] -= 1;
                for v in vs {
                    go(&s.replacen(k.as_str(), v, 1), subst, left, depth + 1, steps, out);
                }
                left[i] += 1;
            }
            Some(_) => {}
            None => out.push(name(s)),
        }
    }
    let mut left: Vec<usize> = subst.keys().map(|k| s.matches(k.as_str()).count().max(1)).collect();
    let mut out = Vec::new();
    go(s, subst, &mut left, 0, &mut EXPANSION_STEPS.clone(), &mut out);
    out
}

/// `HOBGOV 19950601 - 19990815`, `HOB < 950601`, `HOBREB > 990816`, `ENT`.
pub(crate) fn code_block(inner: &str) -> Result<(String, Option<String>, Option<String>), String> {
    let inner = inner.trim();
    let code_end = inner.find(|c: char| c.is_whitespace() || c == '<' || c == '>').unwrap_or(inner.len());
    let code = inner[..code_end].trim().to_ascii_uppercase();
    // `ELR/GAL`: an actor that is several actors at once.
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') {
        return Err(format!("bad code block `[{inner}]`"));
    }
    let rest = inner[code_end..].trim();
    if rest.is_empty() {
        return Ok((code, None, None));
    }
    if let Some(d) = rest.strip_prefix('<') {
        return Ok((code, None, Some(date(d)?)));
    }
    if let Some(d) = rest.strip_prefix('>') {
        return Ok((code, Some(date(d)?), None));
    }
    match rest.split_once('-') {
        Some((a, b)) => Ok((code, Some(date(a)?), Some(date(b)?))),
        None => Err(format!("bad date restriction `[{inner}]`")),
    }
}

/// `19950601` or `950601` (TABARI's two-digit years: 00–29 are 20xx) → `1995-06-01`.
fn date(s: &str) -> Result<String, String> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad date `{s}`"));
    }
    let full = match s.len() {
        8 => s.to_string(),
        6 => {
            let yy: u32 = s[..2].parse().map_err(|_| format!("bad date `{s}`"))?;
            format!("{}{s}", if yy < 30 { "20" } else { "19" })
        }
        _ => return Err(format!("bad date `{s}`")),
    };
    Ok(format!("{}-{}-{}", &full[..4], &full[4..6], &full[6..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_names_and_code_blocks() {
        let mut in_comment = false;
        assert_eq!(strip("<!-- header", &mut in_comment), None);
        assert_eq!(strip("spanning --> ARNOR_ [ARN] # note", &mut in_comment), Some("ARNOR_ [ARN]"));
        assert_eq!(name("PRESIDENT_GEORGE_W._BUSH_"), "PRESIDENT GEORGE W. BUSH");
        assert_eq!(code_block("HOB < 950601"), Ok(("HOB".into(), None, Some("1995-06-01".into()))));
        assert_eq!(
            code_block("HOBGOV 19950601 - 19990815"),
            Ok(("HOBGOV".into(), Some("1995-06-01".into()), Some("1999-08-15".into())))
        );
        assert_eq!(code_block("ELR/GAL"), Ok(("ELR/GAL".into(), None, None)));
        assert!(code_block("X Y").is_err());
        assert!(code_block("X 1-2").is_err());
    }

    #[test]
    fn issue_13_a_substitution_set_that_names_itself_ends() {
        // Found by fuzzing: `!MINST!` among its own values recursed until the
        // stack overflowed.
        let mut subst = BTreeMap::new();
        subst.insert("!MINST!".to_string(), vec!["MINIS!MINST!".to_string(), "MINISTER".into(), "MINISTRY".into()]);
        let forms = expand("!MINST!_OF_SILLY_WALKS", &subst);
        assert!(forms.contains(&"MINISTRY OF SILLY WALKS".to_string()), "{forms:?}");
        assert!(forms.iter().all(|f| !f.contains('!')), "{forms:?}");
    }
}
