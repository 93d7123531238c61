//! The named rules that choose an event's source and target. Each mention's
//! evidence names the rule that chose each side (`source_rule`,
//! `target_rule`); this list is every name that can appear there.

/// How a source or target was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The tree: the verb's subject (`nsubj`, `nsubj:pass`).
    Nsubj,
    /// The tree: the subject of the first verb of a coordination (`visited
    /// Iran and signed`).
    ConjNsubj,
    /// The tree: the noun a relative pronoun stands for (`Venezuela, which
    /// holds …, supplied`).
    Relcl,
    /// The tree: a passive verb's agent (`obl:agent`).
    OblAgent,
    /// The tree: the verb's direct or indirect object (`obj`, `iobj`).
    Obj,
    /// The nearest noun phrase before the verb in its clause.
    Subject,
    /// A slot of the matched pattern (`+`, `$`).
    Pattern,
    /// One side each of `talks between Iran and Venezuela`.
    Between,
    /// The possessor or modifier of a noun event (`Maduro's visit`, `US
    /// sanctions`).
    Possessor,
    /// The `by` phrase of a passive verb.
    PassiveAgent,
    /// The origin of a shipment (`ship fuel from Tehran to Caracas`).
    Origin,
    /// The owner of the object (`seized barrels of Iranian fuel`).
    Owner,
    /// The first actor after the verb in its clause.
    Object,
    /// One member of a coordinated subject of a mutual act (`Iran and
    /// Venezuela signed`).
    Compound,
    /// The other side of the pair the text is about.
    Context,
    /// A subject pronoun resolved to an earlier actor.
    Pronoun,
    /// The subject of the governing verb (`denied sending`).
    Complement,
    /// The main clause's subject for a participle (`…, sending fuel`).
    Participle,
    /// The antecedent of a relative pronoun (shallow rules).
    Relative,
    /// The subject of the previous coordinated verb (shallow rules).
    Coordination,
    /// The subject before a parenthetical (`X, the president of Y, said`).
    Appositive,
    /// No target: the event needs no recipient and the sentence names none
    /// (`thousands marched`, `the UN condemned the attack`).
    NoTarget,
    /// No source: violence whose doer the sentence does not name (`two
    /// soldiers were killed in an ambush`, `an air strike killed 14 people`).
    Unsaid,
    /// The pattern's target slot holds a place only the gazetteer knows:
    /// its state (`visited Istanbul`, `shelled positions in Afrin`).
    Place,
}

impl Rule {
    /// Every rule.
    pub const ALL: &'static [Rule] = &[
        Rule::Nsubj,
        Rule::ConjNsubj,
        Rule::Relcl,
        Rule::OblAgent,
        Rule::Obj,
        Rule::Subject,
        Rule::Pattern,
        Rule::Between,
        Rule::Possessor,
        Rule::PassiveAgent,
        Rule::Origin,
        Rule::Owner,
        Rule::Object,
        Rule::Compound,
        Rule::Context,
        Rule::Pronoun,
        Rule::Complement,
        Rule::Participle,
        Rule::Relative,
        Rule::Coordination,
        Rule::Appositive,
        Rule::NoTarget,
        Rule::Unsaid,
        Rule::Place,
    ];

    /// The name in the evidence: tree rules are named for the relation.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Nsubj => "nsubj",
            Rule::ConjNsubj => "conj:nsubj",
            Rule::Relcl => "acl:relcl",
            Rule::OblAgent => "obl:agent",
            Rule::Obj => "obj",
            Rule::Subject => "subject",
            Rule::Pattern => "pattern",
            Rule::Between => "between",
            Rule::Possessor => "possessor",
            Rule::PassiveAgent => "passive-agent",
            Rule::Origin => "origin",
            Rule::Owner => "owner",
            Rule::Object => "object",
            Rule::Compound => "compound",
            Rule::Context => "context",
            Rule::Pronoun => "pronoun",
            Rule::Complement => "complement",
            Rule::Participle => "participle",
            Rule::Relative => "relative",
            Rule::Coordination => "coordination",
            Rule::Appositive => "appositive",
            Rule::NoTarget => "none",
            Rule::Unsaid => "unsaid",
            Rule::Place => "place",
        }
    }

    /// The rule with this evidence name.
    pub fn from_name(s: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.as_str() == s)
    }

    /// Whether the dependency tree chose (rather than the shallow rules).
    pub fn from_tree(self) -> bool {
        matches!(self, Rule::Nsubj | Rule::ConjNsubj | Rule::Relcl | Rule::OblAgent | Rule::Obj)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_round_trip() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        for &r in Rule::ALL {
            assert_eq!(Rule::from_name(r.as_str()), Some(r));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
        assert_eq!(Rule::from_name("nearest country"), None);
    }

    /// DESIGN.md's table of rules names exactly the rules that exist.
    #[test]
    fn the_design_note_lists_every_rule() {
        let note = include_str!("../DESIGN.md");
        let table = note.split("<!-- rules:").nth(1).and_then(|t| t.split("<!-- /rules -->").next()).unwrap_or("");
        let listed: Vec<&str> = table.lines().filter_map(|l| l.trim().strip_prefix("| `")?.split('`').next()).collect();
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(listed, names);
    }
}
