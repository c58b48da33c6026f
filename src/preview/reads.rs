//! Which parts of the `site` object each template reads, found by scanning the template
//! sources the theme was loaded from (Tera exposes no such usage). The structural path of
//! [`super::session`] fingerprints a page with only those parts, so an edit that changes a
//! count or a statistic re-renders the few pages that show it, not all of them.
//!
//! The scan is conservative: it looks at the code of `{{ … }}` and `{% … %}` (not strings,
//! comments or text) of a template, the templates it extends or includes, and every
//! template that defines a component (components are global, and a page may call any of
//! them). `site.x…` is a read of field `x`; any other use of `site` (`{{ site }}`,
//! `site[…]`, passing `site` on, `__tera_context`) or an `extends`/`include` the scan cannot
//! follow means "reads everything".

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a template (with everything it pulls in) reads of `site`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reads {
    All,
    Fields(BTreeSet<String>),
}

/// `Reads` of every template of a theme, by template name.
pub(super) fn analyse(sources: &BTreeMap<String, String>) -> HashMap<String, Reads> {
    let own: HashMap<&str, Scan> = sources.iter().map(|(n, s)| (n.as_str(), scan(s))).collect();
    let components: Vec<&str> = own
        .iter()
        .filter(|(_, s)| s.defines_components)
        .map(|(n, _)| *n)
        .collect();
    let mut out = HashMap::new();
    for name in sources.keys() {
        let mut fields = BTreeSet::new();
        let mut all = false;
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = vec![name.as_str()];
        todo.extend(&components);
        while let Some(t) = todo.pop() {
            if !seen.insert(t) {
                continue;
            }
            let Some(s) = own.get(t) else {
                all = true; // A template we do not have the source of.
                continue;
            };
            all |= s.all;
            fields.extend(s.fields.iter().cloned());
            todo.extend(s.pulls.iter().map(String::as_str));
        }
        out.insert(name.clone(), if all { Reads::All } else { Reads::Fields(fields) });
    }
    out
}

#[derive(Default, Debug)]
struct Scan {
    fields: BTreeSet<String>,
    all: bool,
    /// Templates extended or included.
    pulls: Vec<String>,
    defines_components: bool,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Scan one template's own source.
fn scan(src: &str) -> Scan {
    let mut s = Scan::default();
    let mut rest = src;
    while let Some(at) = rest.find('{') {
        let after = &rest[at + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => {
                // A comment: skip it whole.
                rest = after.find("#}").map_or("", |e| &after[e + 2..]);
                continue;
            }
            _ => {
                rest = after;
                continue;
            }
        };
        let code_start = &after[1..];
        let (code, next) = split_code(code_start, close);
        let is_tag = close == "%}";
        scan_code(code, is_tag, &mut s);
        rest = next;
    }
    s
}

/// The code up to `close` (outside string literals), and what follows it.
fn split_code<'a>(code: &'a str, close: &str) -> (&'a str, &'a str) {
    let mut quote: Option<char> = None;
    for (i, c) in code.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None if code[i..].starts_with(close) => return (&code[..i], &code[i + close.len()..]),
            None => {}
        }
    }
    (code, "")
}

/// The code of one tag or expression, with string literals blanked out.
fn scan_code(code: &str, is_tag: bool, s: &mut Scan) {
    let words: Vec<&str> = code
        .trim_matches(|c: char| c == '-' || c.is_whitespace())
        .split_whitespace()
        .collect();
    if is_tag {
        match words.first().copied() {
            Some("extends") | Some("include") => {
                let names = literals(code);
                if names.is_empty() {
                    s.all = true;
                }
                s.pulls.extend(names);
                return;
            }
            Some("component") => s.defines_components = true,
            Some("import") | Some("from") => s.all = true,
            _ => {}
        }
    }
    let blank = blank_strings(code);
    let chars: Vec<char> = blank.chars().collect();
    let word_at = |i: usize| -> String { chars[i..].iter().take_while(|c| is_ident(**c)).collect() };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !is_ident(c) {
            i += 1;
            continue;
        }
        let w = word_at(i);
        let before = i.checked_sub(1).map(|j| chars[j]);
        let n = w.chars().count();
        if before != Some('.') {
            if w == "__tera_context" {
                s.all = true;
            } else if w == "site" {
                let mut j = i + n;
                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                let field = (chars.get(j) == Some(&'.')).then(|| {
                    let mut k = j + 1;
                    while chars.get(k).is_some_and(|c| c.is_whitespace()) {
                        k += 1;
                    }
                    word_at(k.min(chars.len()))
                });
                match field {
                    Some(f) if !f.is_empty() => {
                        s.fields.insert(f);
                    }
                    // `site` as a whole, or indexed: everything.
                    _ => s.all = true,
                }
            }
        }
        i += n;
    }
}

/// The string literals of a piece of code.
fn literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    for (i, c) in code.char_indices() {
        match quote {
            Some((q, start)) if c == q => {
                out.push(code[start..i].to_string());
                quote = None;
            }
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some((c, i + 1)),
            None => {}
        }
    }
    out
}

fn blank_strings(code: &str) -> String {
    let mut quote: Option<char> = None;
    code.chars()
        .map(|c| match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                ' '
            }
            None if c == '"' || c == '\'' || c == '`' => {
                quote = Some(c);
                ' '
            }
            None => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(templates: &[(&str, &str)], name: &str) -> Reads {
        let sources = templates.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
        analyse(&sources).remove(name).expect("analysed")
    }

    fn fields(f: &[&str]) -> Reads {
        Reads::Fields(f.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn fields_are_read_through_the_chain() {
        let t = [
            ("base.html", "<p class=\"site-x\">{{ site.title }}</p>{% block main %}{% endblock main %}"),
            ("list.html", "{% extends \"base.html\" %}{% block main %}{{ \"/site.css\" | url }}{% include 'part.html' %}{% endblock main %}"),
            ("part.html", "{% if site . nav %}{{ site.footer.organizer }}{% endif %}{# site #}"),
            ("macros.html", "{% component c(x) %}{{ site.stats.total }}{% endcomponent c %}"),
            ("other.html", "{{ page.site }}"),
        ];
        assert_eq!(reads(&t, "list.html"), fields(&["footer", "nav", "stats", "title"]));
        assert_eq!(reads(&t, "other.html"), fields(&["stats"]));
    }

    #[test]
    fn whole_uses_of_site_read_everything() {
        for code in [
            "{{ site }}",
            "{{ site[\"stats\"] }}",
            "{% set s = site %}",
            "{{ __tera_context }}",
            "{{ f(x=site) }}",
        ] {
            assert_eq!(reads(&[("a.html", code)], "a.html"), Reads::All, "{code}");
        }
        assert_eq!(
            reads(&[("a.html", "{% extends \"missing.html\" %}")], "a.html"),
            Reads::All
        );
        assert_eq!(reads(&[("a.html", "{{ sites.x }}{{ x.site }}")], "a.html"), fields(&[]));
    }

    #[test]
    fn the_default_theme_pages_do_not_read_the_statistics() {
        let sources = crate::render::theme::DEFAULT_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let all = analyse(&sources);
        for page in ["article.html", "list.html", "term.html", "activity.html", "page.html"] {
            let Some(Reads::Fields(f)) = all.get(page) else {
                panic!("{page}: {:?}", all.get(page))
            };
            for counted in ["stats", "pillars", "categories", "article_count", "activity_count"] {
                assert!(!f.contains(counted), "{page} reads site.{counted}");
            }
        }
        assert!(matches!(all.get("stats.html"), Some(Reads::Fields(f)) if f.contains("stats")));
    }
}
