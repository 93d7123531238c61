//! GraphML: actors as nodes, dyads as directed edges weighted by the number
//! of events and the sum of their Goldstein scores.
//!
//! A one-sided event (no recipient, or no source named) draws no edge: a
//! self-loop would say the actor acted on itself. Its actor's node counts it
//! in `events` and in `one_sided`, so an actor seen only in one-sided events
//! is still a node, without edges.

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

/// A node: its label, its events, and how many of them are one-sided.
#[derive(Default)]
struct Node {
    name: String,
    events: u32,
    one_sided: u32,
}

/// Accumulates events, then writes the graph.
#[derive(Default)]
pub struct GraphmlWriter {
    nodes: BTreeMap<String, Node>,
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

    /// Adds an event: its two actors (as states) and the edge between them;
    /// a one-sided event only its actor.
    pub fn add(&mut self, e: &Event) {
        let one_sided = e.source_country.is_empty() || e.target_country.is_empty();
        for (code, name) in [(&e.source_country, &e.source_name), (&e.target_country, &e.target_name)] {
            if code.is_empty() {
                continue;
            }
            let n = self.nodes.entry(code.clone()).or_insert_with(|| Node { name: name.clone(), ..Node::default() });
            n.events += 1;
            n.one_sided += u32::from(one_sided);
        }
        if one_sided {
            return;
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
            ("one_sided", "one_sided_events", "int", "node"),
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
        for (code, n) in &self.nodes {
            writeln!(
                out,
                r#"    <node id="{}"><data key="label">{}</data><data key="activity">{}</data><data key="one_sided">{}</data></node>"#,
                xml(code),
                xml(if n.name.is_empty() { code } else { &n.name }),
                n.events,
                n.one_sided
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

    #[test]
    fn one_sided_events_draw_no_edge_and_count_on_their_node() {
        let mut g = GraphmlWriter::new();
        g.add(&crate::testdata::one_sided(1));
        g.add(&crate::testdata::sourceless(2));
        g.add(&crate::testdata::event(3));
        let mut out = Vec::new();
        g.finish(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines = |tag: &str| s.lines().map(str::trim).filter(|l| l.starts_with(tag)).collect::<Vec<_>>();
        assert_eq!(
            lines("<node"),
            [
                r#"<node id="HTI"><data key="label">Haiti teachers</data><data key="activity">1</data><data key="one_sided">1</data></node>"#,
                r#"<node id="IRN"><data key="label">=Iranian tankers</data><data key="activity">1</data><data key="one_sided">0</data></node>"#,
                r#"<node id="USA"><data key="label">the United States</data><data key="activity">1</data><data key="one_sided">0</data></node>"#,
                r#"<node id="VEN"><data key="label">Venezuela</data><data key="activity">1</data><data key="one_sided">1</data></node>"#,
            ]
        );
        let edges = lines("<edge");
        assert_eq!(edges.len(), 1, "{s}");
        assert!(edges[0].starts_with(r#"<edge id="e0" source="USA" target="IRN">"#), "{s}");
    }
}
