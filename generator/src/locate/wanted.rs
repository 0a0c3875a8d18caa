//! The pointers a pass over a document looks for, as one tree of their tokens, and what the pass
//! found at each step.
//!
//! A pass records only the nodes whose path is a step of this tree, so its memory stays the size
//! of the pointers, not of the document. Aliases are the one complication: the node a pointer
//! names behind an alias is inside the anchored node, which the parser showed before the alias.
//! So the tokens after an alias become a subtree of their own, rooted at the anchor, that the
//! next pass records (a pass per level of aliases crossed, in practice two at most).

use std::collections::{BTreeSet, HashMap};

/// The step of the document's root node.
pub(super) const ROOT: usize = 0;

/// What the text holds at a step.
#[derive(Debug, Clone, Copy)]
pub(super) enum Found {
    /// A node, at this 1-based line and column.
    Node((usize, usize)),
    /// An alias of the node with this anchor (the parser's anchor number).
    Alias(usize),
}

/// One step: a node some pointer passes through or ends at.
#[derive(Default)]
struct Step {
    /// The next steps, by token.
    members: HashMap<String, usize>,
    /// The next steps whose token reads as a sequence index, as `(index, step)`: `1` and `01`
    /// both name item 1 (as the JSON scanner and serde_norway read them).
    items: BTreeSet<(usize, usize)>,
    /// What the last pass found here (the first node, should a mapping repeat a key).
    found: Option<Found>,
}

/// The tree of wanted steps.
pub(super) struct Wanted {
    steps: Vec<Step>,
    /// The subtree under each anchored node that aliases on the way to a pointer lead into.
    anchors: HashMap<usize, usize>,
}

/// Why following a pointer stopped short of a node that may be there.
enum Missing {
    /// An alias whose anchored node has no subtree yet: the anchor, and where the tokens after
    /// the alias start.
    Anchor(usize, usize),
    /// A step inside an anchored node with no subtree for the rest of the tokens yet: the step,
    /// and where the rest starts.
    Below(usize, usize),
}

/// The end of following a pointer through what was found.
struct Descent {
    /// The position of the deepest node reached.
    position: Option<(usize, usize)>,
    /// What the next pass must look for to go further.
    missing: Option<Missing>,
}

impl Wanted {
    /// The tree of `pointers` (each given as its tokens).
    pub fn new(pointers: &[Vec<String>]) -> Self {
        let mut wanted = Wanted {
            steps: vec![Step::default()],
            anchors: HashMap::new(),
        };
        for tokens in pointers {
            wanted.insert(ROOT, tokens);
        }
        wanted
    }

    /// The step for member `key` of the mapping at `step`.
    pub fn member(&self, step: usize, key: &str) -> Option<usize> {
        self.steps.get(step)?.members.get(key).copied()
    }

    /// The steps for item `index` of the sequence at `step`.
    pub fn items(&self, step: usize, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.steps
            .get(step)
            .into_iter()
            .flat_map(move |step| step.items.range((index, 0)..=(index, usize::MAX)))
            .map(|&(_, child)| child)
    }

    /// The step of the node with `anchor`, when aliases on the way to a pointer lead there.
    pub fn anchor(&self, anchor: usize) -> Option<usize> {
        self.anchors.get(&anchor).copied()
    }

    /// Records what is at `step`, unless something already is.
    pub fn record(&mut self, step: usize, found: Found) {
        if let Some(step) = self.steps.get_mut(step) {
            step.found.get_or_insert(found);
        }
    }

    /// Adds what the next pass must look for to follow `tokens` past the aliases the last pass
    /// found on their way; false when nothing was missing.
    pub fn extend_past_aliases(&mut self, tokens: &[String]) -> bool {
        match self.descend(tokens).missing {
            None => false,
            Some(Missing::Anchor(anchor, rest)) => {
                let root = self.push_step();
                self.anchors.insert(anchor, root);
                self.insert(root, tokens.get(rest..).unwrap_or_default());
                true
            }
            Some(Missing::Below(step, rest)) => {
                self.insert(step, tokens.get(rest..).unwrap_or_default())
            }
        }
    }

    /// The line and column of the node `tokens` lead to, or of the deepest one found on the way.
    pub fn position(&self, tokens: &[String]) -> Option<(usize, usize)> {
        self.descend(tokens).position
    }

    /// Follows `tokens` from the root through what the last pass found.
    fn descend(&self, tokens: &[String]) -> Descent {
        let mut step = ROOT;
        let mut position = match self.found(ROOT) {
            Some(Found::Node(at)) => at,
            _ => {
                return Descent {
                    position: None,
                    missing: None,
                };
            }
        };
        let mut missing = None;
        for (index, token) in tokens.iter().enumerate() {
            let Some(child) = self.member(step, token) else {
                // Steps for every token exist from the root; only inside an anchored node can
                // the rest of a pointer not be asked for yet.
                missing = Some(Missing::Below(step, index));
                break;
            };
            let (next, at) = match self.found(child) {
                None => break,
                Some(Found::Node(at)) => (child, at),
                Some(Found::Alias(anchor)) => {
                    let Some(root) = self.anchor(anchor) else {
                        missing = Some(Missing::Anchor(anchor, index + 1));
                        break;
                    };
                    // serde_norway reads an alias as the anchored node itself.
                    let Some(Found::Node(at)) = self.found(root) else {
                        // Asked for by another pointer since the last pass.
                        missing = Some(Missing::Below(root, index + 1));
                        break;
                    };
                    (root, at)
                }
            };
            step = next;
            position = at;
        }
        Descent {
            position: Some(position),
            missing,
        }
    }

    /// What the last pass found at `step`.
    fn found(&self, step: usize) -> Option<Found> {
        self.steps.get(step)?.found
    }

    /// Adds the steps of `tokens` below `from`; false when they were all there.
    fn insert(&mut self, from: usize, tokens: &[String]) -> bool {
        let mut step = from;
        let mut added = false;
        for token in tokens {
            step = match self.member(step, token) {
                Some(child) => child,
                None => {
                    let child = self.push_step();
                    if let Some(parent) = self.steps.get_mut(step) {
                        parent.members.insert(token.clone(), child);
                        if let Ok(index) = token.parse::<usize>() {
                            parent.items.insert((index, child));
                        }
                    }
                    added = true;
                    child
                }
            };
        }
        added
    }

    /// A new step, below nothing yet.
    fn push_step(&mut self) -> usize {
        self.steps.push(Step::default());
        self.steps.len() - 1
    }
}
