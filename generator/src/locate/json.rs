//! Finding a pointer's node in JSON text: a scanner that descends along the pointer and skips
//! everything else, with no recursion (skipping counts brackets) and no allocation but keys.

/// The byte offset of the node `tokens` lead to (or of the deepest one that exists); `None`
/// when the text is not JSON as far as the walk needs it.
pub(super) fn offset_of(text: &str, tokens: &[String]) -> Option<usize> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.skip_space();
    let mut found = scanner.at;
    for token in tokens {
        let entered = match scanner.peek()? {
            b'{' => scanner.enter_member(token)?,
            b'[' => scanner.enter_element(token)?,
            _ => false,
        };
        if !entered {
            break;
        }
        found = scanner.at;
    }
    Some(found)
}

struct Scanner<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after whitespace), or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// At `{`: moves to the value of member `key`; false (position unspecified) when absent.
    fn enter_member(&mut self, key: &str) -> Option<bool> {
        self.at += 1;
        loop {
            self.skip_space();
            match self.peek()? {
                b'}' => return Some(false),
                b',' => self.at += 1,
                b'"' => {
                    let name = self.string()?;
                    self.expect(b':')?;
                    self.skip_space();
                    if name == key {
                        return Some(true);
                    }
                    self.skip_value()?;
                }
                _ => return None,
            }
        }
    }

    /// At `[`: moves to element `index`; false when the array is shorter (or `index` is not
    /// one).
    fn enter_element(&mut self, index: &str) -> Option<bool> {
        let Ok(index) = index.parse::<usize>() else {
            return Some(false);
        };
        self.at += 1;
        for _ in 0..index {
            self.skip_space();
            if self.peek()? == b']' {
                return Some(false);
            }
            self.skip_value()?;
            self.skip_space();
            if self.peek()? != b',' {
                return Some(false);
            }
            self.at += 1;
        }
        self.skip_space();
        Some(self.peek()? != b']')
    }

    /// Skips one value; arrays and objects by counting brackets outside strings.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_space();
            match self.peek()? {
                b'"' => {
                    self.skip_string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' if depth > 0 => self.at += 1,
                _ => {
                    // A number or literal: up to the next delimiter.
                    while !matches!(
                        self.peek(),
                        None | Some(b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r')
                    ) {
                        self.at += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    /// Reads a string (at its `"`), decoding escapes.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.skip_string()?;
        let quoted = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        serde_json::from_str(quoted).ok()
    }
}
