//! The block syntax shared by the actor files:
//!
//! ```text
//! [CODE] Display name     # a header opens a block
//! key: value, value       # fields
//! ```

use crate::Problem;

/// One `[CODE] Name` block and its fields.
#[derive(Debug)]
pub(crate) struct Block<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) line: usize,
    pub(crate) fields: Vec<Field<'a>>,
}

/// One `key: value` line.
#[derive(Debug)]
pub(crate) struct Field<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: &'a str,
    pub(crate) line: usize,
}

impl Field<'_> {
    /// The comma-separated values, trimmed, empty ones dropped.
    pub(crate) fn values(&self) -> impl Iterator<Item = &str> {
        self.value.split(',').map(str::trim).filter(|v| !v.is_empty())
    }
}

/// Strips a `#` comment.
pub(crate) fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Splits a file into blocks; malformed lines become problems.
pub(crate) fn parse<'a>(file: &str, text: &'a str, problems: &mut Vec<Problem>) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block<'a>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(close) = rest.find(']') else {
                problems.push(Problem::new(file, line_no, "a header needs a closing `]`"));
                continue;
            };
            let code = rest[..close].trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                problems.push(Problem::new(file, line_no, format!("bad code `{code}` in header")));
                continue;
            }
            blocks.push(Block { code, name: rest[close + 1..].trim(), line: line_no, fields: Vec::new() });
            continue;
        }
        let Some(colon) = line.find(':') else {
            problems.push(Problem::new(file, line_no, "expected `key: value` or a `[CODE] Name` header"));
            continue;
        };
        let key = line[..colon].trim();
        let value = line[colon + 1..].trim();
        match blocks.last_mut() {
            Some(b) => b.fields.push(Field { key, value, line: line_no }),
            None => problems.push(Problem::new(file, line_no, "field before any `[CODE] Name` header")),
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks_and_reports_bad_lines() {
        let mut p = Vec::new();
        let b =
            parse("f.txt", "# c\n[IRN] Iran\nname: Iran, Persia # old\nadj: Iranian\nnonsense\n[bad code] X\n", &mut p);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].code, "IRN");
        assert_eq!(b[0].fields[0].values().collect::<Vec<_>>(), ["Iran", "Persia"]);
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [5, 6]);
    }
}
