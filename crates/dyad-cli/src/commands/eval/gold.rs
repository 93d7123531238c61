//! Gold labels for `dyad eval`: one JSON object a line, in one of three
//! formats told apart by their fields.
//!
//! - `plover`: a document-level PLOVER category (`{"id", "plover", "mode"?}`),
//!   as in the NGEC sets of `../shared/eval`.
//! - `topic`: a topic and whether it is political (`{"id", "topic",
//!   "political"}`), as in `cep2015`.
//! - `events`: the events of a sentence or document with actor codes
//!   (`{"id", "events": [{"source", "target", "cameo"}]}`).
//!
//! A line that is not such an object is an error with its `file:line`; the
//! other lines are kept, so one bad label does not void a set.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

/// The 16 categories of the PLOVER 2021 table.
pub(crate) const PLOVER: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// One coded event: source code, target code, CAMEO code (`""` for a
/// missing actor).
pub(crate) type Triple = (String, String, String);

/// Which kind of labels a gold file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum GoldFormat {
    /// A PLOVER category per document.
    Plover,
    /// A topic per document, political or not.
    Topic,
    /// The events of a sentence, with actor codes.
    Events,
}

impl GoldFormat {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GoldFormat::Plover => "plover",
            GoldFormat::Topic => "topic",
            GoldFormat::Events => "events",
        }
    }

    /// What the format's labels are, for the report's heading.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            GoldFormat::Plover => "document PLOVER categories",
            GoldFormat::Topic => "document topics",
            GoldFormat::Events => "sentence events (source, target, CAMEO)",
        }
    }
}

/// One label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    Plover { category: String },
    Topic { topic: String, political: bool },
    Events(BTreeSet<Triple>),
}

impl Label {
    fn format(&self) -> GoldFormat {
        match self {
            Label::Plover { .. } => GoldFormat::Plover,
            Label::Topic { .. } => GoldFormat::Topic,
            Label::Events(_) => GoldFormat::Events,
        }
    }
}

/// A document's label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Labelled {
    pub(crate) id: String,
    pub(crate) label: Label,
}

/// A gold file as read: its format (that of its first good line), the
/// labels in file order, and the lines it rejected as `file:line: message`.
#[derive(Debug, Default)]
pub(crate) struct Gold {
    pub(crate) format: Option<GoldFormat>,
    pub(crate) labels: Vec<Labelled>,
    pub(crate) errors: Vec<String>,
}

/// Reads gold labels from `text`; `name` is the file name for messages.
pub(crate) fn parse(name: &str, text: &str) -> Gold {
    let mut gold = Gold::default();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let (id, label) = match parse_line(line) {
            Ok(l) => l,
            Err(e) => {
                gold.errors.push(format!("{name}:{n}: {e}"));
                continue;
            }
        };
        let format = label.format();
        match gold.format {
            None => gold.format = Some(format),
            Some(f) if f != format => {
                gold.errors.push(format!(
                    "{name}:{n}: a `{}` label in a file of `{}` labels (format of its first label)",
                    format.as_str(),
                    f.as_str()
                ));
                continue;
            }
            Some(_) => {}
        }
        if let Some(first) = first_line.get(&id) {
            gold.errors.push(format!("{name}:{n}: duplicate id `{id}` (first on line {first})"));
            continue;
        }
        first_line.insert(id.clone(), n);
        gold.labels.push(Labelled { id, label });
    }
    gold
}

/// One line: its id and label, or what is wrong with it.
fn parse_line(line: &str) -> Result<(String, Label), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(obj) = v else {
        return Err("not a JSON object".to_string());
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err("`id` must be a non-empty string or a number".to_string()),
        None => return Err("missing `id`".to_string()),
    };
    let label = if let Some(events) = obj.get("events") {
        Label::Events(parse_events(events)?)
    } else if let Some(p) = obj.get("plover") {
        let Value::String(p) = p else {
            return Err(format!("`plover` must be a category name, not {p}"));
        };
        let category = p.trim().to_ascii_uppercase();
        if !PLOVER.contains(&category.as_str()) {
            return Err(format!("unknown PLOVER category `{p}` (want one of {})", PLOVER.join(" ")));
        }
        Label::Plover { category }
    } else if let Some(t) = obj.get("topic") {
        let Value::String(topic) = t else {
            return Err(format!("`topic` must be a string, not {t}"));
        };
        let political = match obj.get("political") {
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("`political` must be true or false, not {other}")),
            None => return Err("a `topic` label needs `political` (true or false)".to_string()),
        };
        Label::Topic { topic: topic.clone(), political }
    } else {
        return Err("no `plover`, `topic` or `events` field: not a gold label".to_string());
    };
    Ok((id, label))
}

/// `[{"source", "target", "cameo"}, …]`: a missing or null actor is `""`
/// (a one-sided event); the CAMEO code must be 2 to 4 digits.
fn parse_events(v: &Value) -> Result<BTreeSet<Triple>, String> {
    let Value::Array(items) = v else {
        return Err("`events` must be an array".to_string());
    };
    let mut out = BTreeSet::new();
    for (k, item) in items.iter().enumerate() {
        let Value::Object(e) = item else {
            return Err(format!("event {} is not an object", k + 1));
        };
        let actor = |field: &str| match e.get(field) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.trim().to_string()),
            Some(other) => Err(format!("event {}: `{field}` must be a string, not {other}", k + 1)),
        };
        let cameo = match e.get("cameo") {
            Some(Value::String(c)) if is_cameo(c.trim()) => c.trim().to_string(),
            Some(other) => return Err(format!("event {}: `cameo` must be 2 to 4 digits, not {other}", k + 1)),
            None => return Err(format!("event {}: missing `cameo`", k + 1)),
        };
        out.insert((actor("source")?, actor("target")?, cameo));
    }
    Ok(out)
}

fn is_cameo(c: &str) -> bool {
    (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The format and labels of `text` as one line each, then its errors.
    fn check(text: &str, expected: &str) {
        let g = parse("g.jsonl", text);
        let mut got = format!("format {}\n", g.format.map_or("-", GoldFormat::as_str));
        for l in &g.labels {
            got.push_str(&format!("{} {:?}\n", l.id, l.label));
        }
        for e in &g.errors {
            got.push_str(&format!("error {e}\n"));
        }
        assert_eq!(got, expected, "\n{got}");
    }

    #[test]
    fn the_format_comes_from_the_fields() {
        check(
            "{\"id\":\"a\",\"plover\":\"PROTEST\",\"mode\":\"STRIKE\"}\n{\"id\":7,\"plover\":\"aid\",\"mode\":null}\n",
            "format plover\na Plover { category: \"PROTEST\" }\n7 Plover { category: \"AID\" }\n",
        );
        check(
            "{\"id\":\"c\",\"topic\":\"Sports\",\"political\":false,\"story\":null}\n",
            "format topic\nc Topic { topic: \"Sports\", political: false }\n",
        );
        check(
            "{\"id\":\"s\",\"events\":[{\"source\":\"IRN\",\"target\":\"VEN\",\"cameo\":\"071\"},{\"source\":\"USA\",\"cameo\":\"173\"}]}\n{\"id\":\"t\",\"events\":[]}\n",
            "format events\ns Events({(\"IRN\", \"VEN\", \"071\"), (\"USA\", \"\", \"173\")})\nt Events({})\n",
        );
    }

    #[test]
    fn bad_lines_are_errors_with_their_line_and_the_rest_is_kept() {
        check(
            concat!(
                "{\"id\":\"a\",\"plover\":\"PROTEST\"}\n",
                "{\"plover\":\"AID\"}\n",
                "{\"id\":\"b\",\"plover\":\"DEMAND\"}\n",
                "not json\n",
                "\n",
                "{\"id\":\"c\",\"topic\":\"Sports\",\"political\":false}\n",
                "{\"id\":\"a\",\"plover\":\"AID\"}\n",
                "{\"id\":\"d\",\"plover\":null}\n",
                "[1]\n",
                "{\"id\":\"e\",\"label\":\"AID\"}\n",
                "{\"id\":\"f\",\"plover\":\"ASSAULT\"}\n",
            ),
            concat!(
                "format plover\n",
                "a Plover { category: \"PROTEST\" }\n",
                "f Plover { category: \"ASSAULT\" }\n",
                "error g.jsonl:2: missing `id`\n",
                "error g.jsonl:3: unknown PLOVER category `DEMAND` (want one of AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT)\n",
                "error g.jsonl:4: malformed JSON: expected ident at line 1 column 2\n",
                "error g.jsonl:6: a `topic` label in a file of `plover` labels (format of its first label)\n",
                "error g.jsonl:7: duplicate id `a` (first on line 1)\n",
                "error g.jsonl:8: `plover` must be a category name, not null\n",
                "error g.jsonl:9: not a JSON object\n",
                "error g.jsonl:10: no `plover`, `topic` or `events` field: not a gold label\n",
            ),
        );
    }

    #[test]
    fn topic_and_event_labels_are_checked() {
        check(
            concat!(
                "{\"id\":\"a\",\"topic\":\"Sports\"}\n",
                "{\"id\":\"b\",\"topic\":\"Sports\",\"political\":\"no\"}\n",
                "{\"id\":\"c\",\"events\":{}}\n",
                "{\"id\":\"d\",\"events\":[{\"source\":\"IRN\",\"cameo\":\"7x\"}]}\n",
                "{\"id\":\"e\",\"events\":[{\"source\":1,\"cameo\":\"071\"}]}\n",
            ),
            concat!(
                "format -\n",
                "error g.jsonl:1: a `topic` label needs `political` (true or false)\n",
                "error g.jsonl:2: `political` must be true or false, not \"no\"\n",
                "error g.jsonl:3: `events` must be an array\n",
                "error g.jsonl:4: event 1: `cameo` must be 2 to 4 digits, not \"7x\"\n",
                "error g.jsonl:5: event 1: `source` must be a string, not 1\n",
            ),
        );
    }
}
