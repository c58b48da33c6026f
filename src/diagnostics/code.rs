//! The stable, machine-readable kind of every problem: the `code` of `--format json`. These
//! strings never change with the language or between releases (new ones may be added); the
//! README lists them.

/// What kind of problem a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Any other problem in a content file.
    Content,
    /// YAML that cannot be parsed (a quote or bracket not closed, tabs, indentation).
    YamlSyntax,
    /// A value of the wrong type or out of range.
    WrongValue,
    /// A required key that is absent or empty.
    MissingKey,
    /// A key the file kind does not have (with a did-you-mean).
    UnknownKey,
    /// A key written twice in one mapping.
    DuplicateKey,
    /// A file that is not UTF-8 (GBK, UTF-16).
    Encoding,
    /// A link or image that points to nothing.
    BrokenLink,
    /// A `#anchor` that names no heading.
    BrokenAnchor,
    /// A `javascript:`, `vbscript:` or `data:` address.
    UnsafeUrl,
    /// Raw HTML nested too deeply to sanitise.
    HtmlTooDeep,
    /// A symbolic link out of the site, dangling or looping.
    BadLink,
    /// A hidden file or folder that was skipped (note).
    HiddenSkipped,
    /// A site file that replaces a built-in or theme file (note).
    ThemeOverride,
    /// An error in a template.
    Template,
    /// A draft, not published (warning).
    Draft,
    /// An article dated in the future (warning).
    FutureDate,
    /// A long article without a summary (warning).
    NoSummary,
    /// An image without alt text (warning).
    MissingAlt,
    /// An image over 1 MB (warning).
    LargeImage,
    /// `*`/`**` next to Chinese punctuation, shown literally (warning).
    CjkEmphasis,
    /// Two spellings of a tag, category or series that share one address.
    TermCollision,
    /// Totals of `participants` or `sessions` too large to count.
    TotalOverflow,
    /// Two sources of one output file.
    OutputCollision,
    /// An output folder huimin will not replace (exit code 2).
    OutputRefused,
    /// Another build kept the output locked too long.
    OutputBusy,
    /// A spreadsheet that cannot be imported as it is (no header row, a missing sheet, a file
    /// the import would not overwrite).
    Sheet,
    /// An image that cannot be processed (damaged, empty, too large, wrong extension).
    BadImage,
    /// A source photo that records where it was taken (warning).
    ImageGps,
}

impl Code {
    /// Every code, for the README's table and its test.
    pub const ALL: &[Code] = &[
        Code::Content,
        Code::YamlSyntax,
        Code::WrongValue,
        Code::MissingKey,
        Code::UnknownKey,
        Code::DuplicateKey,
        Code::Encoding,
        Code::BrokenLink,
        Code::BrokenAnchor,
        Code::UnsafeUrl,
        Code::HtmlTooDeep,
        Code::BadLink,
        Code::HiddenSkipped,
        Code::ThemeOverride,
        Code::Template,
        Code::Draft,
        Code::FutureDate,
        Code::NoSummary,
        Code::MissingAlt,
        Code::LargeImage,
        Code::CjkEmphasis,
        Code::TermCollision,
        Code::TotalOverflow,
        Code::OutputCollision,
        Code::OutputRefused,
        Code::OutputBusy,
        Code::Sheet,
        Code::BadImage,
        Code::ImageGps,
    ];

    /// The code as tools see it: `unknown-key`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Content => "content",
            Code::YamlSyntax => "yaml-syntax",
            Code::WrongValue => "wrong-value",
            Code::MissingKey => "missing-key",
            Code::UnknownKey => "unknown-key",
            Code::DuplicateKey => "duplicate-key",
            Code::Encoding => "encoding",
            Code::BrokenLink => "broken-link",
            Code::BrokenAnchor => "broken-anchor",
            Code::UnsafeUrl => "unsafe-url",
            Code::HtmlTooDeep => "html-too-deep",
            Code::BadLink => "bad-link",
            Code::HiddenSkipped => "hidden-skipped",
            Code::ThemeOverride => "theme-override",
            Code::Template => "template",
            Code::Draft => "draft",
            Code::FutureDate => "future-date",
            Code::NoSummary => "no-summary",
            Code::MissingAlt => "missing-alt",
            Code::LargeImage => "large-image",
            Code::CjkEmphasis => "cjk-emphasis",
            Code::TermCollision => "term-collision",
            Code::TotalOverflow => "total-overflow",
            Code::OutputCollision => "output-collision",
            Code::OutputRefused => "output-refused",
            Code::OutputBusy => "output-busy",
            Code::Sheet => "sheet",
            Code::BadImage => "bad-image",
            Code::ImageGps => "image-gps",
        }
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_kebab_case_and_all_in_the_readme() {
        let readme = include_str!("../../README.md");
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(s.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'), "{s}");
            assert!(
                readme.contains(&format!("`{s}`")),
                "{s} is not documented in the README"
            );
        }
    }
}
