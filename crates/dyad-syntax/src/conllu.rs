//! CoNLL-U: reading treebanks and gold files, writing what dyad read.
//!
//! Reading keeps the syntactic words (integer ids) and skips multiword-token
//! lines (`3-4`) and empty nodes (`8.1`), as taggers and parsers do. A
//! malformed sentence is reported with its line and skipped; the rest is read.

use std::fmt::Write as _;

use dyad_types::{Parse, Pos};

/// One word of a CoNLL-U sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// XPOS (a Penn Treebank tag in English UD).
    pub xpos: String,
    /// HEAD: 1-based, 0 for the root.
    pub head: u32,
    /// DEPREL.
    pub deprel: String,
}

/// One sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// `# sent_id`.
    pub sent_id: Option<String>,
    /// `# text`.
    pub text: Option<String>,
    /// The syntactic words in order.
    pub words: Vec<Word>,
    /// 1-based line of the sentence's first line.
    pub line: usize,
}

/// A malformed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads CoNLL-U text. Sentences with an error are left out and the error
/// reported; reading goes on with the next sentence.
pub fn read(text: &str) -> (Vec<Sentence>, Vec<Error>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut cur = Sentence::default();
    let mut bad: Option<Error> = None;
    let finish = |cur: &mut Sentence, bad: &mut Option<Error>, out: &mut Vec<Sentence>, errors: &mut Vec<Error>| {
        let s = std::mem::take(cur);
        if let Some(e) = bad.take() {
            errors.push(e);
        } else if !s.words.is_empty() {
            let n = s.words.len() as u32;
            if let Some(w) = s.words.iter().find(|w| w.head > n) {
                errors.push(Error {
                    line: s.line,
                    message: format!("HEAD {} of {:?} is past the sentence's {} words", w.head, w.form, n),
                });
            } else {
                out.push(s);
            }
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut cur, &mut bad, &mut out, &mut errors);
            continue;
        }
        if cur.line == 0 {
            cur.line = line_no;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(v) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(v.trim().to_string());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            }
            continue;
        }
        if bad.is_some() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            bad = Some(Error {
                line: line_no,
                message: format!("{} columns, CoNLL-U has 10 (tab-separated)", cols.len()),
            });
            continue;
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let expected = cur.words.len() + 1;
        match id.parse::<usize>() {
            Ok(n) if n == expected => {}
            _ => {
                bad = Some(Error { line: line_no, message: format!("ID {id:?}, expected {expected}") });
                continue;
            }
        }
        let head = match cols[6] {
            "_" => 0,
            h => match h.parse::<u32>() {
                Ok(h) => h,
                Err(_) => {
                    bad = Some(Error { line: line_no, message: format!("HEAD {h:?} is not a number") });
                    continue;
                }
            },
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    finish(&mut cur, &mut bad, &mut out, &mut errors);
    (out, errors)
}

/// Writes one analysed sentence as CoNLL-U (ID, FORM, LEMMA, UPOS, XPOS,
/// HEAD, DEPREL; FEATS, DEPS and MISC empty), with `# sent_id` and `# text`.
pub fn write(out: &mut String, sent_id: &str, text: &str, words: &[&str], parse: &Parse) {
    let one_line = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let _ = writeln!(out, "# sent_id = {}", one_line(sent_id));
    let _ = writeln!(out, "# text = {}", one_line(text));
    for (i, w) in words.iter().enumerate() {
        let tag = parse.tags.get(i).copied().unwrap_or(Pos::XX);
        let rel = parse.rels.get(i).copied().unwrap_or(dyad_types::Rel::Dep);
        let lemma = parse.lemma(i);
        let field = |s: &str| if s.is_empty() { "_".to_string() } else { one_line(s).replace(' ', "_") };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_",
            i + 1,
            field(w),
            field(lemma),
            tag.upos(lemma, rel),
            tag,
            parse.heads.get(i).copied().unwrap_or(0),
            rel,
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "# sent_id = a-1\n# text = Iran sent oil.\n1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tsent\tsend\tVERB\tVBD\t_\t0\troot\t_\t_\n3\toil\toil\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n# sent_id = a-2\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n";

    #[test]
    fn reads_words_skipping_ranges_and_empty_nodes() {
        let (s, e) = read(TWO);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sent_id.as_deref(), Some("a-1"));
        assert_eq!(s[0].text.as_deref(), Some("Iran sent oil."));
        assert_eq!(s[1].words.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["do", "n't", "go"]);
        assert_eq!(s[0].words[2].head, 2);
        assert_eq!(s[1].line, 8);
    }

    #[test]
    fn malformed_sentences_are_reported_with_their_line_and_skipped() {
        let bad = "1\tA\ta\tX\tNN\t_\t0\troot\t_\t_\n2\tB\tb\tX\tNN\t_\tx\tdep\t_\t_\n\n1\tC\tc\tX\tNN\t_\t0\troot\t_\t_\n\n1\tD\n\n1\tE\te\tX\tNN\t_\t7\troot\t_\t_\n\n3\tF\tf\tX\tNN\t_\t0\troot\t_\t_\n";
        let (s, e) = read(bad);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words[0].form, "C");
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 6, 8, 10]);
        assert!(e[0].message.contains("HEAD"), "{}", e[0]);
    }

    #[test]
    fn writes_and_reads_back() {
        let parse = Parse {
            tags: vec![Pos::NNP, Pos::VBD, Pos::NN],
            lemma_spans: vec![(0, 4), (4, 8), (8, 11)],
            lemma_text: "Iransendoil".into(),
            heads: vec![2, 0, 2],
            rels: vec![dyad_types::Rel::Nsubj, dyad_types::Rel::Root, dyad_types::Rel::Obj],
            chunked: false,
        };
        let mut out = String::new();
        write(&mut out, "d-0", "Iran sent\toil", &["Iran", "sent", "oil"], &parse);
        assert!(out.contains("# text = Iran sent oil\n"));
        let (s, e) = read(&out);
        assert!(e.is_empty());
        let w = &s[0].words;
        assert_eq!(
            (w[1].lemma.as_str(), w[1].xpos.as_str(), w[1].head, w[1].deprel.as_str()),
            ("send", "VBD", 0, "root")
        );
        assert_eq!((w[2].head, w[2].deprel.as_str()), (2, "obj"));
    }
}
