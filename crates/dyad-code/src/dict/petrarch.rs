//! Reading PETRARCH/TABARI dictionaries into dyad's own format.
//!
//! Actors (`NAME [CODE]`, `_` joins, `+SYNONYM` lines, date-restricted
//! code blocks `[CODE <date]`, `[CODE >date]`, `[CODE date-date]`), agents
//! (`NAME {PLURAL} [~SECTOR]`, `!SUBST! = A, B` substitution sets) and the
//! PETRARCH-1/TABARI verb syntax (`--- VERB [code] ---` families, their verb
//! forms, `&SYNSET`s and `- … * … [code]` patterns) for the patterns dyad's
//! shallow parse can express: those whose words all follow the verb. The
//! output is dyad dictionary text (`actors.txt`, `agents.txt`, `verbs.txt`
//! syntax), so an import is a file a user can read, edit and pass with
//! `--dict`.
//!
//! Differences a user should know: TABARI matches an actor name without a
//! trailing `_` as a word prefix (`ARGENTIN` matches `Argentina`); dyad
//! matches whole words, so such names match only as written.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Problem;

/// The result of an import: dyad dictionary text and what could not be read.
#[derive(Debug, Default)]
pub struct Imported {
    /// The text of the converted file.
    pub text: String,
    /// Entries converted.
    pub entries: usize,
    /// Lines skipped, with the reason.
    pub problems: Vec<Problem>,
}

/// One actor: its names and its code blocks (code, from, to).
#[derive(Default)]
struct Actor {
    names: Vec<String>,
    codes: Vec<(String, Option<String>, Option<String>)>,
    line: usize,
}

/// Converts a PETRARCH actors file into dyad's `actors.txt` syntax.
pub fn import_actors(file: &str, text: &str) -> Imported {
    let mut out = Imported::default();
    let mut actors: Vec<Actor> = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let Some(line) = strip(raw, &mut in_comment) else { continue };
        if let Some(syn) = line.strip_prefix('+') {
            match actors.last_mut() {
                _ if name(syn).is_empty() => out.problems.push(Problem::new(file, line_no, "empty synonym `+`")),
                Some(a) => a.names.push(name(syn)),
                None => out.problems.push(Problem::new(file, line_no, "synonym `+…` before any actor")),
            }
            continue;
        }
        let (head, blocks) = match line.find('[') {
            Some(at) => (line[..at].trim(), &line[at..]),
            None => (line, ""),
        };
        if !head.is_empty() {
            actors.push(Actor { names: vec![name(head)], line: line_no, ..Actor::default() });
        }
        let Some(actor) = actors.last_mut() else {
            out.problems.push(Problem::new(file, line_no, "code block before any actor"));
            continue;
        };
        for block in blocks.split('[').skip(1) {
            let Some(inner) = block.split(']').next().filter(|_| block.contains(']')) else {
                out.problems.push(Problem::new(file, line_no, "unclosed `[`"));
                continue;
            };
            match code_block(inner) {
                Ok(c) if c.0.contains('/') => out.problems.push(Problem::new(
                    file,
                    line_no,
                    format!("`[{}]`: an actor with several codes has no dyad equivalent (skipped)", c.0),
                )),
                Ok(c) => actor.codes.push(c),
                Err(e) => out.problems.push(Problem::new(file, line_no, e)),
            }
        }
    }
    for a in actors {
        let names: Vec<&String> = a.names.iter().filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            continue;
        }
        let codes: Vec<_> = a.codes.iter().filter(|(c, _, _)| c != "---").collect();
        if codes.is_empty() {
            // A null code (`[---]`) or none: the name is known but codes nothing.
            if a.codes.is_empty() {
                out.problems.push(Problem::new(file, a.line, format!("actor `{}` has no code", names[0])));
            }
            continue;
        }
        let dated = codes.iter().any(|(_, f, t)| f.is_some() || t.is_some());
        let list = names.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ");
        if !dated {
            let _ = writeln!(out.text, "[{}] {}\nname: {list}\n", codes[0].0, names[0]);
        } else {
            let _ = writeln!(out.text, "[person] {}\nname: {list}", names[0]);
            for (code, from, to) in &codes {
                match (from, to) {
                    (None, None) => {
                        let _ = writeln!(out.text, "else: {code}");
                    }
                    _ => {
                        let _ = writeln!(
                            out.text,
                            "role: {code} {}..{}",
                            from.as_deref().unwrap_or(""),
                            to.as_deref().unwrap_or("")
                        );
                    }
                }
            }
            out.text.push('\n');
        }
        out.entries += 1;
    }
    out
}

/// Converts a PETRARCH agents file into dyad's `agents.txt` syntax: one
/// block per sector code, its role nouns (plurals given in `{}` kept).
pub fn import_agents(file: &str, text: &str) -> Imported {
    let mut out = Imported::default();
    let mut subst: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sectors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let Some(line) = strip(raw, &mut in_comment) else { continue };
        if line.starts_with('!') {
            if let Some((k, v)) = line.split_once('=') {
                subst.insert(k.trim().to_string(), v.split(',').map(|w| w.trim().to_string()).collect());
                continue;
            }
        }
        let Some(at) = line.find("[~") else {
            out.problems.push(Problem::new(file, line_no, "agent without a `[~SECTOR]` code"));
            continue;
        };
        let Some(sector) = line[at + 2..].split(']').next().map(str::trim).filter(|s| !s.is_empty()) else {
            out.problems.push(Problem::new(file, line_no, "empty sector code"));
            continue;
        };
        let head = &line[..at];
        let (noun, plural) = match head.find('{') {
            Some(b) => (head[..b].trim(), head[b + 1..].split('}').next().map(str::trim).unwrap_or("")),
            None => (head.trim(), ""),
        };
        let mut forms = expand(noun, &subst);
        if !plural.is_empty() {
            forms.extend(expand(plural, &subst));
        }
        let entry = sectors.entry(sector.to_string()).or_default();
        for f in forms {
            if !entry.contains(&f) {
                entry.push(f);
            }
        }
        out.entries += 1;
    }
    for (sector, nouns) in &sectors {
        let _ = writeln!(out.text, "[{sector}] imported from PETRARCH agents\nname: {}\n", nouns.join(", "));
    }
    out
}

/// Converts a PETRARCH-1/TABARI verbs file into dyad's `verbs.txt` syntax.
///
/// - `--- VERB [code] ---` opens a family: the verb forms listed under it
///   (`{…}` irregular forms dropped: dyad inflects) code `code` alone.
/// - `- * WORDS [code]`: the verb, then words; `_` joins adjacent words and a
///   space allows a gap (`~`); `+` is the target, `$` the source, `&SET` a
///   synonym set. Paired codes `[032:033]` keep the first.
/// - Patterns with words before the verb (`- SAID * …`), compounds `%` or
///   skips `^`, and codes that are not CAMEO codes are reported and skipped.
pub fn import_verbs(file: &str, text: &str) -> Imported {
    let mut out = Imported::default();
    let mut synsets: Vec<(String, Vec<String>)> = Vec::new();
    let mut by_code: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut family: Option<(Vec<String>, Option<String>)> = None;
    let mut in_synset = false;
    let mut in_comment = false;
    let push = |by_code: &mut BTreeMap<String, Vec<String>>, code: String, pattern: String| {
        let list = by_code.entry(code).or_default();
        if !list.contains(&pattern) {
            list.push(pattern);
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let Some(line) = strip(raw, &mut in_comment) else { continue };
        if let Some(rest) = line.strip_prefix("---") {
            in_synset = false;
            let inner = rest.trim_end_matches('-').trim();
            let (verb, code) = match inner.find('[') {
                Some(at) => (inner[..at].trim(), inner[at + 1..].split(']').next().unwrap_or("")),
                None => (inner, ""),
            };
            let verb = name(verb).to_lowercase();
            family = Some((vec![verb], cameo_code(code)));
            continue;
        }
        if let Some(set) = line.strip_prefix('&') {
            in_synset = true;
            synsets.push((set.trim().trim_end_matches('_').to_string(), Vec::new()));
            continue;
        }
        if let Some(member) = line.strip_prefix('+') {
            match synsets.last_mut().filter(|_| in_synset) {
                Some((_, words)) if !member.trim().starts_with('&') => words.push(name(member).to_lowercase()),
                Some(_) => out.problems.push(Problem::new(file, line_no, "nested synonym set")),
                None => out.problems.push(Problem::new(file, line_no, "`+` line outside a synonym set")),
            }
            continue;
        }
        in_synset = false;
        let Some((verbs, default)) = family.as_mut() else {
            out.problems.push(Problem::new(file, line_no, "line before any `--- VERB ---` family"));
            continue;
        };
        let Some(pattern) = line.strip_prefix('-') else {
            // A verb form of the family (irregular forms in `{}` are dyad's job).
            let form = name(line.split('{').next().unwrap_or("").split('[').next().unwrap_or("")).to_lowercase();
            if form.contains(' ') || form.is_empty() {
                out.problems.push(Problem::new(file, line_no, format!("verb form `{form}` is not one word")));
            } else if !verbs.contains(&form) {
                verbs.push(form.clone());
            }
            if let Some(code) = default.clone() {
                push(&mut by_code, code, form);
                out.entries += 1;
            }
            continue;
        };
        let (body, code) = match pattern.rfind('[') {
            Some(at) => (pattern[..at].trim(), pattern[at + 1..].split(']').next().unwrap_or("")),
            None => (pattern.trim(), ""),
        };
        let Some(code) = cameo_code(code).or_else(|| default.clone()) else {
            out.problems.push(Problem::new(file, line_no, format!("`{code}` is not a CAMEO code")));
            continue;
        };
        match convert_pattern(body, verbs) {
            Ok(list) => {
                for p in list {
                    push(&mut by_code, code.clone(), p);
                }
                out.entries += 1;
            }
            Err(why) => out.problems.push(Problem::new(file, line_no, why)),
        }
    }
    for (set, words) in &synsets {
        if !words.is_empty() {
            let _ = writeln!(out.text, "&{set} = {}", words.join(", "));
        }
    }
    out.text.push('\n');
    for (code, patterns) in &by_code {
        let _ = writeln!(out.text, "[{code}] imported from PETRARCH verbs");
        for p in patterns {
            let _ = writeln!(out.text, "{p}");
        }
        out.text.push('\n');
    }
    out
}

/// `- * WORDS_JOINED MORE + …` (the leading `-` removed) → one dyad pattern
/// per verb form of the family.
fn convert_pattern(body: &str, verbs: &[String]) -> Result<Vec<String>, String> {
    let body = body.trim();
    let Some(star) = body.find('*') else { return Err(format!("pattern `{body}` has no verb `*`")) };
    if !body[..star].trim().is_empty() {
        return Err(format!("pattern `{body}`: words before the verb are not supported yet"));
    }
    let after = body[star + 1..].trim_start_matches('_');
    if after.contains('%') || after.contains('^') {
        return Err(format!("pattern `{body}`: compounds `%` and skips `^` are not supported yet"));
    }
    let mut items: Vec<String> = Vec::new();
    for (g, group) in after.split_whitespace().enumerate() {
        if g > 0 || !after.starts_with(char::is_alphanumeric) {
            items.push("~".to_string());
        }
        for word in group.split('_').filter(|w| !w.is_empty()) {
            // `+` or `$` glued to a word (`NOP_+RST`) is a slot before it.
            let word = if let Some(w) = word.strip_prefix('+').filter(|w| !w.is_empty()) {
                items.push("+".to_string());
                w
            } else {
                word
            };
            items.push(if word.starts_with('&') { word.to_string() } else { word.to_lowercase() });
        }
    }
    let tail = items.join(" ");
    Ok(verbs.iter().map(|v| if tail.is_empty() { v.clone() } else { format!("{v} {tail}") }).collect())
}

/// `032`, `1011`, `032:033` (first kept) → a CAMEO code; `---`, `abc`, `174K` → none.
fn cameo_code(s: &str) -> Option<String> {
    let first = s.split(':').next().unwrap_or("").trim();
    ((2..=4).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit())).then(|| first.to_string())
}

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
    fn actors_with_synonyms_dates_and_comments() {
        let text =
            "<!-- header\n spanning -->\nARNOR_  [ARN] # note\n+ARNORIAN\nGOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\
                    \t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nBOROMIR  [---]\nBAD [X Y]\n+\n";
        let r = import_actors("a.txt", text);
        assert_eq!(r.entries, 2, "{}", r.text);
        assert!(r.text.contains("[ARN] ARNOR\nname: ARNOR, ARNORIAN\n"), "{}", r.text);
        assert!(r.text.contains("[person] GOLLUM\nname: GOLLUM, SMEAGOL\n"), "{}", r.text);
        assert!(r.text.contains("role: HOB ..1995-06-01\n"), "{}", r.text);
        assert!(r.text.contains("role: HOBGOV 1995-06-01..1999-08-15\n"), "{}", r.text);
        assert!(r.text.contains("role: HOBREB 1999-08-16..\n"), "{}", r.text);
        assert!(!r.text.contains("BOROMIR"));
        // `[X Y]` is not a code block, so BAD has no code either; `+` names nothing.
        let lines: Vec<usize> = r.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [11, 12, 11], "{:?}", r.problems);
    }

    #[test]
    fn verbs_families_synsets_and_supported_patterns() {
        let text = "&TIES\n+DIPLOMATIC\n+TRADE_LINKS\n--- RESTORE [064] ---\nRESTORE\nRENEW {RENEWS RENEWED}\n\
                    - * FULL &TIES_TIES WITH + [064]\n- SAID * [010]\n- * % [030]\n- * THINGS [abc]\n\
                    --- ARRIVE [032:033] ---\nARRIVE\n- * IN_+ [032]\n";
        let r = import_verbs("v.txt", text);
        assert!(r.text.contains("&TIES = diplomatic, trade links\n"), "{}", r.text);
        assert!(r.text.contains("[064] imported from PETRARCH verbs\nrestore\nrenew\n"), "{}", r.text);
        assert!(r.text.contains("restore ~ full ~ &TIES ties ~ with ~ +\n"), "{}", r.text);
        assert!(r.text.contains("renew ~ full ~ &TIES ties ~ with ~ +\n"), "{}", r.text);
        assert!(r.text.contains("[032] imported from PETRARCH verbs\narrive\narrive ~ in +\n"), "{}", r.text);
        let lines: Vec<usize> = r.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [8, 9], "{:?}", r.problems);
    }

    #[test]
    fn issue_13_a_substitution_set_that_names_itself_ends() {
        // Found by fuzzing: `!MINST!` among its own values recursed until the
        // stack overflowed.
        let text = "!MINST! = MINIS!MINST! = MINISTER, MINISTRY\n!MINST!_OF_SILLY_WALKS [~GOV]\n";
        let r = import_agents("g.txt", text);
        assert_eq!(r.entries, 1);
        assert!(r.text.contains("name: MINISTRY OF SILLY WALKS\n"), "{}", r.text);
        assert!(!r.text.contains('!'), "{}", r.text);
    }

    #[test]
    fn agents_with_plurals_and_substitutions() {
        let text = "!MINST! = MINISTER, MINISTRY\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] # mj\n\
                    !MINST!_OF_SILLY_WALKS [~GOV]\nPARLIAMENT [~LEG]\nNO CODE HERE\n";
        let r = import_agents("g.txt", text);
        assert_eq!(r.entries, 3);
        assert!(
            r.text.contains(
                "[GOV] imported from PETRARCH agents\nname: ATTORNEY GENERAL, ATTORNEYS GENERAL, MINISTER OF SILLY WALKS, MINISTRY OF SILLY WALKS\n"
            ),
            "{}",
            r.text
        );
        assert!(r.text.contains("[LEG] imported from PETRARCH agents\nname: PARLIAMENT\n"), "{}", r.text);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 5);
    }
}
