//! Facts about Chinese text that the Markdown and listing stages need.

/// Whether `c` belongs to CJK scripts or CJK punctuation, where a line break is not a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3130..=0x318F    // hangul compatibility jamo
        | 0x31A0..=0x31FF
        | 0x3200..=0x4DBF    // enclosed, compatibility, ext A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms: ，。！？（）
        | 0x20000..=0x3FFFF  // ext B and beyond
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// CJK characters that are words (ideographs, kana, hangul), not punctuation.
fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
        && c != '\u{30FB}'
}

/// Counts for reading time: CJK characters and Latin words.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TextCount {
    pub cjk_chars: usize,
    pub latin_words: usize,
}

impl TextCount {
    pub fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    if !in_word {
                        self.latin_words += 1;
                    }
                    in_word = true;
                } else {
                    in_word = false;
                }
            } else if is_cjk_letter(c) {
                self.cjk_chars += 1;
                in_word = false;
            } else if is_cjk(c) {
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    self.latin_words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
    }

    /// Words as readers count them: each CJK character is a word.
    pub fn words(&self) -> usize {
        self.cjk_chars + self.latin_words
    }

    /// Minutes to read at ~400 CJK characters and ~200 Latin words a minute; at least 1.
    pub fn reading_minutes(&self) -> usize {
        let minutes = self.cjk_chars as f64 / 400.0 + self.latin_words as f64 / 200.0;
        (minutes.ceil() as usize).max(1)
    }
}

/// The first `max` characters of `text` (whitespace folded), with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let folded: String = fold_whitespace(text);
    let mut out: String = folded.chars().take(max).collect();
    if folded.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                let prev_cjk = out.chars().last().is_some_and(is_cjk);
                if !(prev_cjk && is_cjk(c)) {
                    out.push(' ');
                }
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_mixes_scripts() {
        let mut t = TextCount::default();
        t.add(&"党".repeat(800));
        t.add(&"word ".repeat(200));
        assert_eq!(t.cjk_chars, 800);
        assert_eq!(t.latin_words, 200);
        assert_eq!(t.reading_minutes(), 3);
    }

    #[test]
    fn punctuation_is_not_counted_as_words() {
        let mut t = TextCount::default();
        t.add("你好，世界。Hello, world!");
        assert_eq!(
            t,
            TextCount {
                cjk_chars: 4,
                latin_words: 2
            }
        );
    }

    #[test]
    fn excerpt_cuts_by_characters() {
        assert_eq!(excerpt("中文\n文本", 3), "中文文…");
        assert_eq!(excerpt("a\n b", 10), "a b");
    }
}
