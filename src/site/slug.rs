//! URL slugs: ASCII only, so no output folder carries non-ASCII text.
//!
//! Chinese is transliterated to toneless pinyin syllables joined by `-`. The rule must stay
//! stable (changing it changes URLs); polyphones are the editor's to fix with `slug:`.

/// `我与党旗合个影` → `wo-yu-dang-qi-he-ge-ying`; `Hello World 2024` → `hello-world-2024`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let piece: std::borrow::Cow<str> = if c.is_ascii() {
            std::borrow::Cow::Owned(c.to_string())
        } else {
            // deunicode gives "Wo " for 我: each non-ASCII char becomes its own word.
            std::borrow::Cow::Owned(format!(" {} ", deunicode::deunicode_char(c).unwrap_or(" ")))
        };
        for b in piece.chars() {
            if b.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(b.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_to_pinyin() {
        assert_eq!(slugify("我与党旗合个影"), "wo-yu-dang-qi-he-ge-ying");
        assert_eq!(slugify("红色文化"), "hong-se-wen-hua");
    }

    #[test]
    fn mixed_and_ascii() {
        assert_eq!(slugify("2024-07-01-dangqi"), "2024-07-01-dangqi");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("第12届市民文化节"), "di-12-jie-shi-min-wen-hua-jie");
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify("《红岩》读书会"), "hong-yan-du-shu-hui");
    }
}
