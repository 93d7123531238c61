//! JSONL: every field of every event, one per line.

use std::io::Write;

use dyad_types::Event;

use crate::Result;

/// Writes events as JSON lines.
pub struct JsonlWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> JsonlWriter<W> {
        JsonlWriter { out }
    }

    /// Writes one event.
    pub fn write(&mut self, e: &Event) -> Result<()> {
        serde_json::to_writer(&mut self.out, e)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
