//! Finding many pointers' nodes in YAML text in one pass of an event parser.
//!
//! The parser's events carry their position; a walk over them keeps the path it is at (the
//! mapping key, as the loader reads it: the scalar's text; the sequence index) and records the
//! nodes whose path is a step of a wanted pointer (`wanted`). The positions are libyaml's, as
//! serde_norway reports them for the loader's own errors: where a node starts is settled in
//! `starts`, the line and column of a character in `marks`.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span};

use super::marks::Marks;
use super::starts::{Role, start_index};
use super::wanted::{Found, ROOT, Wanted};

/// Passes over the text at most: one, and one more per level of aliases crossed on the way to a
/// pointer (YAML loaded by oasgen has aliases of aliases rarely, and never this deep).
const MAX_PASSES: usize = 8;

/// The 1-based line and column of the node each pointer (given as its tokens) names, or of the
/// deepest node on its way; `None` when the parser fails on the text.
pub(super) fn line_columns(
    text: &str,
    pointers: &[Vec<String>],
) -> Option<Vec<Option<(usize, usize)>>> {
    let mut wanted = Wanted::new(pointers);
    for _ in 0..MAX_PASSES {
        walk(text, &mut wanted)?;
        let mut extended = false;
        for tokens in pointers {
            extended |= wanted.extend_past_aliases(tokens);
        }
        if !extended {
            break;
        }
    }
    Some(
        pointers
            .iter()
            .map(|tokens| wanted.position(tokens))
            .collect(),
    )
}

/// [`line_columns`] of pointers within the lines of the entry `section` says holds their
/// nodes (all in one pass over those lines); `None` for a pointer whose entry's key is not
/// found there.
pub(super) fn line_columns_in(
    text: &str,
    section: crate::load::Section,
    pointers: &[&[String]],
) -> Vec<Option<(usize, usize)>> {
    let unfound = || vec![None; pointers.len()];
    let Some(lines) = text.get(section.start..section.end) else {
        return unfound();
    };
    // The mapping's own position, then each pointer's entry and node.
    let mut wanted = vec![Vec::new()];
    for tokens in pointers {
        let within = tokens.get(section.depth..).unwrap_or_default();
        wanted.push(within.iter().take(1).cloned().collect());
        wanted.push(within.to_vec());
    }
    let Some(found) = line_columns(lines, &wanted) else {
        return unfound();
    };
    let mapping = found.first().copied().flatten();
    found[1..]
        .chunks(2)
        .map(|pair| match pair {
            [Some(entry), Some((line, column))] if Some(*entry) != mapping => {
                Some((line + section.first_line, *column))
            }
            _ => None,
        })
        .collect()
}

/// One pass over the events of the text's first document; `None` when the parser fails.
fn walk(text: &str, wanted: &mut Wanted) -> Option<()> {
    let mut walk = Walk {
        wanted,
        marks: Marks::new(text),
        frames: Vec::new(),
        anchored_scalars: HashMap::new(),
        previous_end: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let root_done = match event {
            Event::Scalar(..) | Event::Alias(_) => walk.leaf(event, span),
            Event::MappingStart(..) | Event::SequenceStart(..) => walk.open(&event, span),
            Event::MappingEnd | Event::SequenceEnd => {
                walk.frames.pop();
                walk.finish(None)
            }
            Event::DocumentEnd | Event::StreamEnd => true,
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => false,
        };
        if root_done {
            break;
        }
        walk.previous_end = span.end.index();
    }
    Some(())
}

/// A mapping or sequence the walk is inside.
enum Frame<'t> {
    Mapping {
        /// The wanted steps this mapping stands at.
        steps: Vec<usize>,
        /// What the next node is.
        next: Next<'t>,
    },
    Sequence {
        /// The wanted steps this sequence stands at.
        steps: Vec<usize>,
        /// The index of the next item.
        next: usize,
    },
}

/// The role of a mapping's next node.
enum Next<'t> {
    /// A key.
    Key,
    /// The value of this key (`None`: a key that is not a scalar, which no pointer names).
    Value(Option<Cow<'t, str>>),
}

/// The state of one pass.
struct Walk<'t, 'w> {
    /// What to record, and where it is recorded.
    wanted: &'w mut Wanted,
    /// Positions in the text.
    marks: Marks<'t>,
    /// The mappings and sequences the walk is inside, innermost last.
    frames: Vec<Frame<'t>>,
    /// The text of every anchored scalar, for an alias used as a mapping key (the loader reads
    /// it as the anchored scalar's text).
    anchored_scalars: HashMap<usize, Cow<'t, str>>,
    /// Where the event before the current one ended (a character index).
    previous_end: usize,
}

impl<'t> Walk<'t, '_> {
    /// A scalar or alias; true when it was the document's root.
    fn leaf(&mut self, event: Event<'t>, span: Span) -> bool {
        let anchor = match &event {
            Event::Scalar(_, _, anchor, _) => *anchor,
            _ => 0,
        };
        let steps = self.steps_here(anchor);
        if !steps.is_empty() {
            let found = match event {
                Event::Alias(anchor) => Found::Alias(anchor),
                _ => Found::Node(self.position(&event, span)),
            };
            for step in steps {
                self.wanted.record(step, found);
            }
        }
        let is_key = matches!(
            self.frames.last(),
            Some(Frame::Mapping {
                next: Next::Key,
                ..
            })
        );
        let key = match event {
            Event::Scalar(text, ..) => {
                if anchor != 0 {
                    self.anchored_scalars.insert(anchor, text.clone());
                }
                is_key.then_some(text)
            }
            Event::Alias(anchor) if is_key => self.anchored_scalars.get(&anchor).cloned(),
            _ => None,
        };
        self.finish(key)
    }

    /// The start of a mapping or sequence; false (the root is not done).
    fn open(&mut self, event: &Event<'t>, span: Span) -> bool {
        let (anchor, mapping) = match event {
            Event::MappingStart(anchor, _) => (*anchor, true),
            Event::SequenceStart(anchor, _) => (*anchor, false),
            _ => (0, false),
        };
        let steps = self.steps_here(anchor);
        if !steps.is_empty() {
            let found = Found::Node(self.position(event, span));
            for &step in &steps {
                self.wanted.record(step, found);
            }
        }
        self.frames.push(if mapping {
            Frame::Mapping {
                steps,
                next: Next::Key,
            }
        } else {
            Frame::Sequence { steps, next: 0 }
        });
        false
    }

    /// Moves past a node that ended (with its text, should it be a key); true when it was the
    /// document's root.
    fn finish(&mut self, key: Option<Cow<'t, str>>) -> bool {
        match self.frames.last_mut() {
            None => true,
            Some(Frame::Mapping { next, .. }) => {
                *next = match next {
                    Next::Key => Next::Value(key),
                    Next::Value(_) => Next::Key,
                };
                false
            }
            Some(Frame::Sequence { next, .. }) => {
                *next += 1;
                false
            }
        }
    }

    /// The wanted steps the node starting now stands at: by its path, and by its anchor when
    /// an alias on the way to a pointer leads to it.
    fn steps_here(&self, anchor: usize) -> Vec<usize> {
        let mut steps: Vec<usize> = match self.frames.last() {
            None => vec![ROOT],
            Some(Frame::Mapping {
                steps,
                next: Next::Value(Some(key)),
            }) => steps
                .iter()
                .filter_map(|&step| self.wanted.member(step, key))
                .collect(),
            Some(Frame::Mapping { .. }) => Vec::new(),
            Some(Frame::Sequence { steps, next }) => steps
                .iter()
                .flat_map(|&step| self.wanted.items(step, *next))
                .collect(),
        };
        if anchor != 0 {
            steps.extend(self.wanted.anchor(anchor));
        }
        steps
    }

    /// The role of the node starting now.
    fn role(&self) -> Role {
        match self.frames.last() {
            None => Role::Root,
            Some(Frame::Mapping {
                next: Next::Key, ..
            }) => Role::Key,
            Some(Frame::Mapping { .. }) => Role::Value,
            Some(Frame::Sequence { .. }) => Role::Item,
        }
    }

    /// The 1-based line and column libyaml gives the node of `event`.
    fn position(&mut self, event: &Event<'t>, span: Span) -> (usize, usize) {
        let role = self.role();
        let index = start_index(&mut self.marks, event, span, role, self.previous_end);
        self.marks.line_column(index)
    }
}
