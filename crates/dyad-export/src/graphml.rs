//! GraphML: actors as nodes, dyads as directed edges weighted by the number
//! of events and the sum of their Goldstein scores.

use std::collections::BTreeMap;
use std::io::Write;

use dyad_types::Event;

use crate::Result;

#[derive(Default)]
struct Edge {
    events: u32,
    mentions: u32,
    goldstein: f64,
    quad: [u32; 4],
}

/// Accumulates events, then writes the graph.
#[derive(Default)]
pub struct GraphmlWriter {
    nodes: BTreeMap<String, (String, u32)>,
    edges: BTreeMap<(String, String), Edge>,
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

impl GraphmlWriter {
    /// An empty graph.
    pub fn new() -> GraphmlWriter {
        GraphmlWriter::default()
    }

    /// Adds an event: its two actors (as states) and the edge between them.
    pub fn add(&mut self, e: &Event) {
        for (code, name) in [(&e.source_country, &e.source_name), (&e.target_country, &e.target_name)] {
            let n = self.nodes.entry(code.clone()).or_insert_with(|| (name.clone(), 0));
            n.1 += 1;
        }
        let edge = self.edges.entry((e.source_country.clone(), e.target_country.clone())).or_default();
        edge.events += 1;
        edge.mentions += e.num_mentions;
        edge.goldstein += f64::from(e.goldstein);
        if (1..=4).contains(&e.quad_class) {
            edge.quad[e.quad_class as usize - 1] += 1;
        }
    }

    /// Writes the graph.
    pub fn finish(self, mut out: impl Write) -> Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#)?;
        for (id, name, ty, on) in [
            ("label", "label", "string", "node"),
            ("activity", "events", "int", "node"),
            ("events", "events", "int", "edge"),
            ("mentions", "mentions", "int", "edge"),
            ("goldstein", "goldstein_sum", "double", "edge"),
            ("q1", "verbal_cooperation", "int", "edge"),
            ("q2", "material_cooperation", "int", "edge"),
            ("q3", "verbal_conflict", "int", "edge"),
            ("q4", "material_conflict", "int", "edge"),
        ] {
            writeln!(out, r#"  <key id="{id}" for="{on}" attr.name="{name}" attr.type="{ty}"/>"#)?;
        }
        writeln!(out, r#"  <graph id="dyad" edgedefault="directed">"#)?;
        for (code, (name, n)) in &self.nodes {
            writeln!(
                out,
                r#"    <node id="{}"><data key="label">{}</data><data key="activity">{n}</data></node>"#,
                xml(code),
                xml(if name.is_empty() { code } else { name })
            )?;
        }
        for (i, ((s, t), e)) in self.edges.iter().enumerate() {
            writeln!(
                out,
                r#"    <edge id="e{i}" source="{}" target="{}"><data key="events">{}</data><data key="mentions">{}</data><data key="goldstein">{:.1}</data><data key="q1">{}</data><data key="q2">{}</data><data key="q3">{}</data><data key="q4">{}</data></edge>"#,
                xml(s),
                xml(t),
                e.events,
                e.mentions,
                e.goldstein,
                e.quad[0],
                e.quad[1],
                e.quad[2],
                e.quad[3]
            )?;
        }
        writeln!(out, "  </graph>\n</graphml>")?;
        out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_sum_events_and_goldstein() {
        let mut g = GraphmlWriter::new();
        g.add(&crate::testdata::event(1));
        g.add(&crate::testdata::event(2));
        let mut out = Vec::new();
        g.finish(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"<node id="USA">"#), "{s}");
        assert!(s.contains(r#"<edge id="e0" source="USA" target="IRN"><data key="events">2</data>"#), "{s}");
        assert!(s.contains(r#"<data key="goldstein">-18.4</data>"#), "{s}");
        assert!(s.contains("&lt;") || !s.contains("<Iranian"), "{s}");
    }
}
