//! Where each key of a YAML file stands, so that errors found after parsing (a duplicate step id,
//! a field that does not apply to a step kind) still name file:line:column. serde_norway gives
//! positions only for the errors it finds itself.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Positions by path: `steps[2].instruction`, `timetable.clock`, `steps[2]` (the item itself).
#[derive(Debug, Default, Clone)]
pub struct KeyIndex {
    positions: HashMap<String, (usize, usize)>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

struct Builder {
    stack: Vec<Frame>,
    index: KeyIndex,
}

impl Builder {
    /// Path of the value about to start, and whether it is a mapping key.
    fn slot(&mut self) -> (Option<String>, bool) {
        match self.stack.last_mut() {
            None => (Some(String::new()), false),
            Some(Frame::Map { path, key }) => match key.take() {
                None => (None, true),
                Some(k) => (Some(join(path, &k)), false),
            },
            Some(Frame::Seq { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                (Some(p), false)
            }
        }
    }

    fn mark(&mut self, path: &str, m: Marker) {
        self.index
            .positions
            .entry(path.to_string())
            .or_insert((m.line(), m.col() + 1));
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, m: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                let (path, is_key) = self.slot();
                if is_key {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        let full = join(path, &value);
                        *key = Some(value);
                        self.index
                            .positions
                            .entry(full)
                            .or_insert((m.line(), m.col() + 1));
                    }
                } else if let Some(p) = path {
                    self.mark(&p, m);
                }
            }
            Event::MappingStart(..) => {
                let (path, _) = self.slot();
                let path = path.unwrap_or_default();
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let (path, _) = self.slot();
                let path = path.unwrap_or_default();
                self.mark(&path, m);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.slot();
            }
            _ => {}
        }
    }
}

impl KeyIndex {
    /// Best effort: a text serde_norway cannot parse gets an empty index (serde_norway's own error wins).
    pub fn build(text: &str) -> KeyIndex {
        let mut b = Builder {
            stack: Vec::new(),
            index: KeyIndex::default(),
        };
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut b, false);
        b.index
    }

    /// (line, column), both 1-based. A sequence item is found by its first key.
    pub fn position(&self, path: &str) -> Option<(usize, usize)> {
        if let Some(p) = self.positions.get(path) {
            return Some(*p);
        }
        let prefix = format!("{path}.");
        self.positions
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| *v)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::KeyIndex;

    #[test]
    fn finds_keys_in_nested_sequences() {
        let text = "name: x\nsteps:\n  - id: a\n    kind: check\n  - id: b\n    kind: manual\n    instruction: hi\ntimetable:\n  b: \"12-20\"\n";
        let idx = KeyIndex::build(text);
        assert_eq!(idx.position("name"), Some((1, 1)));
        assert_eq!(idx.position("steps[1].instruction"), Some((7, 5)));
        assert_eq!(idx.position("steps[1]"), Some((5, 5)));
        assert_eq!(idx.position("steps[0].id"), Some((3, 5)));
        assert_eq!(idx.position("timetable.b"), Some((9, 3)));
        assert_eq!(idx.position("nope"), None);
    }
}
