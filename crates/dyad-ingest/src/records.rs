//! PETRARCH-style validation records (`PETR.UnitTest.records.xml`): each
//! `<Sentence>` with its gold `<EventCoding>`s and `<Text>`. The `<Parse>`
//! trees are skipped: dyad codes the raw text.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One validation record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationRecord {
    /// The record's `id`.
    pub id: String,
    /// Its `category` (DEMO, ACTOR, VERB, …).
    pub category: String,
    /// Its date, `YYYYMMDD` as written.
    pub date: String,
    /// The sentence.
    pub text: String,
    /// Gold events: (source code, target code, event code).
    pub gold: Vec<(String, String, String)>,
    /// The record expects no event (`noevents`), or an error (`error`).
    pub expects_none: bool,
    /// `<Config option= value=>` switches in force from this record on, in
    /// document order: those between the previous active record and this
    /// one, then those inside it. PETRARCH keeps each switch until changed.
    pub config: Vec<(String, String)>,
    /// The 1-based line of the `<Sentence>` tag.
    pub line: usize,
}

/// Reads the active records (`sentence="true"`) of a records file.
/// Malformed XML stops the read with an error naming the line.
pub fn read_records(xml: &str) -> Result<Vec<ValidationRecord>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<ValidationRecord> = None;
    let mut in_text = false;
    // Switches met outside a record wait for the next active one.
    let mut pending: Vec<(String, String)> = Vec::new();
    let line_of =
        |pos: u64| xml.as_bytes()[..(pos as usize).min(xml.len())].iter().filter(|&&b| b == b'\n').count() + 1;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| format!("line {}: {e}", line_of(reader.error_position())))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"Sentence" => {
                let active = attr(&e, "sentence").is_none_or(|v| v.eq_ignore_ascii_case("true"));
                current = active.then(|| ValidationRecord {
                    id: attr(&e, "id").unwrap_or_default(),
                    category: attr(&e, "category").unwrap_or_default(),
                    date: attr(&e, "date").unwrap_or_default(),
                    // The tag starts at the first `<` after the previous event.
                    line: line_of(pos + xml.get(pos as usize..).and_then(|s| s.find('<')).unwrap_or(0) as u64),
                    config: std::mem::take(&mut pending),
                    ..ValidationRecord::default()
                });
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"Config" && current.is_none() => {
                pending.push((attr(&e, "option").unwrap_or_default(), attr(&e, "value").unwrap_or_default()));
            }
            Event::Start(e) | Event::Empty(e) => {
                let Some(r) = current.as_mut() else { continue };
                match e.name().as_ref() {
                    b"EventCoding" => {
                        if attr(&e, "noevents").is_some() || attr(&e, "error").is_some() {
                            r.expects_none = true;
                        } else {
                            let code =
                                |name: &str| attr(&e, name).unwrap_or_default().trim_matches('"').trim().to_string();
                            r.gold.push((code("sourcecode"), code("targetcode"), code("eventcode")));
                        }
                    }
                    b"Config" => {
                        r.config.push((attr(&e, "option").unwrap_or_default(), attr(&e, "value").unwrap_or_default()))
                    }
                    b"Text" => in_text = true,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some(r) = current.as_mut() {
                    r.text.push_str(&t.decode().map_err(|e| format!("line {}: {e}", line_of(pos)))?);
                }
            }
            Event::GeneralRef(g) if in_text => {
                if let Some(r) = current.as_mut() {
                    let c = match g.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match g.as_ref() {
                            b"amp" => Some('&'),
                            b"lt" => Some('<'),
                            b"gt" => Some('>'),
                            b"quot" => Some('"'),
                            b"apos" => Some('\''),
                            _ => None,
                        },
                    };
                    r.text.extend(c);
                }
            }
            Event::End(e) if e.name().as_ref() == b"Text" => in_text = false,
            Event::End(e) if e.name().as_ref() == b"Sentence" => {
                if let Some(mut r) = current.take() {
                    r.text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    out.push(r);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The dictionary files a records file names in its `<Environment>`
/// (`Verbfile`, `Actorfile`, `Agentfile`, `Discardfile`), in order, as
/// (tag, file name). Empty when there is none or the XML is malformed
/// before it.
pub fn read_environment(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    let mut in_env = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match name.as_str() {
                    "Environment" => in_env = true,
                    "Verbfile" | "Actorfile" | "Agentfile" | "Discardfile" if in_env => open = Some(name),
                    "Sentences" | "Sentence" => break,
                    _ => {}
                }
            }
            Ok(Event::Text(t)) => {
                if let (Some(tag), Ok(text)) = (open.take(), t.decode()) {
                    for f in text.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                        out.push((tag.clone(), f.to_string()));
                    }
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"Environment" => break,
            Ok(Event::End(_)) => open = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_active_records_with_gold_configs_and_entities() {
        let xml = r#"<Validation><Sentences>
<!-- a comment with <tags> -->
<Sentence date="20200501" id="T-1" category="VERB" sentence="true">
<EventCoding sourcecode="IRN" targetcode='"VEN"' eventcode="071"></EventCoding>
<Config option="comma_max" value="6"></Config>
<Text>
Iran sent fuel
to Venezuela &amp; Cuba.
</Text>
<Parse>(ROOT (S (NP (NNP Iran))))</Parse>
</Sentence>
<Sentence date="20200501" id="T-2" category="VERB" sentence="false">
<EventCoding noevents = "True"></EventCoding><Text>Skipped.</Text></Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="20200502" id="T-3" category="ERROR" sentence="true">
<EventCoding noevents = "True"></EventCoding><Text>Nothing happened.</Text></Sentence>
</Sentences></Validation>"#;
        let rs = read_records(xml).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].id, "T-1");
        assert_eq!(rs[0].line, 3);
        assert_eq!(rs[0].text, "Iran sent fuel to Venezuela & Cuba.");
        assert_eq!(rs[0].gold, [("IRN".to_string(), "VEN".to_string(), "071".to_string())]);
        assert_eq!(rs[0].config, [("comma_max".to_string(), "6".to_string())]);
        assert!(!rs[0].expects_none);
        assert!(rs[1].expects_none && rs[1].gold.is_empty());
        assert_eq!(rs[1].config, [("require_dyad".to_string(), "false".to_string())]);
        assert!(read_records("<Sentences><Sentence id='x'><Text>a</Sentences>").is_err());
    }
}
