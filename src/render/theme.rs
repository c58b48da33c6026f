//! Templates and theme assets: the built-in default theme, a site's own theme folder, and
//! the site's `templates/` overrides, loaded once per build into one `Tera`.

use crate::diagnostics::Diagnostic;
use crate::input::config::BaseUrl;
use crate::input::dates::Date;
use crate::input::walk;
use crate::messages::output as m;
use crate::paths::rel_path;
use crate::site::model::StaticFile;
use crate::t;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tera::{Kwargs, State, Tera};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in so a site without `themes/` still builds.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "index.html",
    "article.html",
    "page.html",
    "list.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "activity.html",
    "activities.html",
    "stats.html",
    "search.html",
);

/// The default theme's static files, copied to `theme/` in the output.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("site.css", include_bytes!("../../themes/default/static/site.css")),
    ("site.js", include_bytes!("../../themes/default/static/site.js")),
    ("search.js", include_bytes!("../../themes/default/static/search.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

/// Output folder for theme assets, so they never collide with a site's `static/`.
pub const THEME_OUTPUT_DIR: &str = "theme";

/// A loaded theme: templates ready to render, assets to copy.
pub struct Theme {
    pub tera: Tera,
    /// Theme static files: (output path, bytes or source file).
    pub assets: Vec<ThemeAsset>,
    /// Template name → path shown in messages.
    pub origins: HashMap<String, String>,
    /// Built-in files the site replaces with its own, as notes for `check`.
    pub overrides: Vec<Diagnostic>,
    /// Template name → source, as loaded (the preview reads which `site` fields each uses).
    pub sources: BTreeMap<String, String>,
}

/// A theme asset, either built in or read from the theme folder.
pub enum ThemeAsset {
    Embedded(String, &'static [u8]),
    File(StaticFile),
}

/// Load the templates and assets, file by file: the site's `templates/`, then the named
/// theme's folder, then the built-in default theme (mdBook's rule). A site that provides
/// only `base.html` gets every other file from the built-in theme.
pub fn load(root: &Path, theme: &str, base: &BaseUrl) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if !theme_dir.is_dir() && theme != "default" {
        return Err(vec![Diagnostic::error(
            "site.yaml",
            t!(m::THEME_MISSING, theme = theme),
        )
        .with_help(t!(m::THEME_MISSING_HELP))]);
    }
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    let mut origins = HashMap::new();
    for (name, text) in DEFAULT_TEMPLATES {
        templates.insert(name.to_string(), text.to_string());
        origins.insert(name.to_string(), t!(m::BUILT_IN_TEMPLATE, name = name));
    }
    let mut overrides = Vec::new();
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        let mut own = Vec::new();
        read_templates(root, &dir, &mut own, &mut origins, &mut diags);
        for (name, text) in own {
            note_override(
                &mut overrides,
                &origins,
                &name,
                builtin_template(&name),
                text.as_bytes(),
            );
            templates.insert(name, text);
        }
    }
    let mut assets: BTreeMap<String, ThemeAsset> = DEFAULT_STATIC
        .iter()
        .map(|(name, bytes)| {
            let path = format!("{THEME_OUTPUT_DIR}/{name}");
            (path.clone(), ThemeAsset::Embedded(path, bytes))
        })
        .collect();
    let static_dir = theme_dir.join("static");
    for source in walk(&static_dir, root, &mut diags) {
        let name = rel_path(&static_dir, &source);
        let path = format!("{THEME_OUTPUT_DIR}/{name}");
        if let Some((_, bytes)) = DEFAULT_STATIC.iter().find(|(n, _)| *n == name) {
            let differs = std::fs::read(&source).map(|b| b != *bytes).unwrap_or(true);
            if differs {
                overrides.push(override_note(&rel_path(root, &source), &format!("static/{name}")));
            }
        }
        assets.insert(path.clone(), ThemeAsset::File(StaticFile { source, path }));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut tera = Tera::new();
    register_filters(&mut tera, base);
    tera.autoescape_on([".html", ".xml", ".htm"]);
    let sources = templates.clone();
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(template_errors(&e, &origins));
    }
    Ok(Theme {
        tera,
        assets: assets.into_values().collect(),
        origins,
        overrides,
        sources,
    })
}

fn builtin_template(name: &str) -> Option<&'static str> {
    DEFAULT_TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A note when a site's file replaces a built-in one with different content.
fn note_override(
    out: &mut Vec<Diagnostic>,
    origins: &HashMap<String, String>,
    name: &str,
    builtin: Option<&str>,
    own: &[u8],
) {
    if builtin.is_some_and(|b| b.as_bytes() != own) {
        let shown = origins.get(name).cloned().unwrap_or_else(|| name.to_string());
        out.retain(|d| !d.message.ends_with(&format!("`templates/{name}`")));
        out.push(override_note(&shown, &format!("templates/{name}")));
    }
}

fn override_note(shown: &str, builtin: &str) -> Diagnostic {
    Diagnostic::note(shown, t!(m::REPLACES_BUILTIN, file = builtin))
        .code(crate::diagnostics::Code::ThemeOverride)
        .with_help(t!(m::REPLACES_BUILTIN_HELP))
}

fn read_templates(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, String)>,
    origins: &mut HashMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    for file in walk(dir, root, diags) {
        let name = rel_path(dir, &file);
        let shown = rel_path(root, &file);
        match crate::input::text::read_text(&file, &shown) {
            Ok(text) => {
                origins.insert(name.clone(), shown);
                out.push((name, text));
            }
            Err(d) => diags.push(d),
        }
    }
}

/// Turn a Tera error into a diagnostic naming the template file, line and column.
pub fn template_error(e: &tera::Error, origins: &HashMap<String, String>) -> Diagnostic {
    use tera::ErrorKind;
    let shown = |name: &str| origins.get(name).cloned().unwrap_or_else(|| format!("template {name}"));
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(shown(r.filename()), t!(m::TEMPLATE_ERROR, message = r.message()))
                .code(crate::diagnostics::Code::Template)
                .at(span.start_line, span.start_col + 1)
                .with_help(t!(m::TEMPLATE_ERROR_HELP, report = indent(&e.to_string())))
        }
        ErrorKind::MissingParent { current, parent } => {
            Diagnostic::error(shown(current), t!(m::TEMPLATE_PARENT, parent = parent))
                .with_help(t!(m::TEMPLATE_PARENT_HELP))
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(shown(name), t!(m::TEMPLATE_MISSING, name = name)).with_help(t!(m::TEMPLATE_MISSING_HELP))
        }
        _ => Diagnostic::error("templates", t!(m::TEMPLATE_ERROR, message = e)),
    }
}

/// Like [`template_error`], but splits Tera's combined load-time reports (unknown filters,
/// missing blocks…), which arrive as text, into one located diagnostic each.
pub fn template_errors(e: &tera::Error, origins: &HashMap<String, String>) -> Vec<Diagnostic> {
    let tera::ErrorKind::Msg(text) = e.kind() else {
        return vec![template_error(e, origins)];
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(locus) = lines.get(i + 1).and_then(|l| l.trim_start().strip_prefix("--> ")) else {
            continue;
        };
        // `name:line:col`, where the name itself has no colon.
        let mut parts = locus.rsplitn(3, ':');
        let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
        let (Some(col), Some(line_no), Some(name)) = (col, line_no, name) else {
            continue;
        };
        let shown = origins.get(name).cloned().unwrap_or_else(|| format!("template {name}"));
        out.push(
            Diagnostic::error(shown, t!(m::TEMPLATE_ERROR, message = message))
                .code(crate::diagnostics::Code::Template)
                .at(line_no.parse().unwrap_or(0), col.parse().unwrap_or(0))
                .with_help(t!(m::TEMPLATE_FILTER_HELP)),
        );
    }
    if out.is_empty() {
        out.push(template_error(e, origins));
    }
    out
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

fn register_filters(tera: &mut Tera, base: &BaseUrl) {
    // `{{ "2024-07-01" | cn_date }}` → 2024年7月1日.
    tera.register_filter("cn_date", |v: &str, _: Kwargs, _: &State| match Date::parse(v) {
        Some(d) => d.chinese(),
        None => v.to_string(),
    });
    // `{{ "/theme/site.css" | url }}` → the path with the base path in front.
    let b = base.clone();
    tera.register_filter("url", move |v: &str, _: Kwargs, _: &State| b.link(v));
    let b = base.clone();
    tera.register_filter("abs_url", move |v: &str, _: Kwargs, _: &State| {
        let path = v.strip_prefix(b.path.as_str()).unwrap_or(v);
        b.absolute(path)
    });
    // `{{ 12345 | num }}` → 12,345.
    tera.register_filter("num", |v: tera::Value, _: Kwargs, _: &State| {
        let text = v.to_string();
        match text.parse::<i128>() {
            Ok(n) => group_digits(n),
            Err(_) => text,
        }
    });
}

/// 1234567 → 1,234,567.
pub fn group_digits(v: i128) -> String {
    let s = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tera reports load-time problems as one text; `template_errors` reads its shape
    /// (`error: …` then `--> name:line:col`). One test per shape it relies on, so a Tera update
    /// that changes the text fails here instead of silently losing positions.
    #[test]
    fn tera_load_reports_are_split_into_located_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/page.html"),
            "{% extends \"base.html\" %}\n{% block main %}{{ page.title | nope }}{% endblock main %}\n",
        )
        .unwrap();
        let base = BaseUrl::parse("https://example.gov.cn/").unwrap();
        let errs = load(root, "default", &base).err().expect("unknown filter is an error");
        let d = errs
            .iter()
            .find(|d| d.file == "templates/page.html")
            .expect("located in the file");
        assert_eq!(d.line, 2, "{d}");
        assert!(d.column > 0, "{d}");
        assert!(d.message.contains("nope"), "{d}");
        // A syntax error arrives as a structured error with its own span.
        std::fs::write(root.join("templates/page.html"), "{% if %}\n").unwrap();
        let errs = load(root, "default", &base).err().expect("syntax error");
        assert!(
            errs.iter().any(|d| d.file == "templates/page.html" && d.line == 1),
            "{errs:?}"
        );
    }

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(1234), "1,234");
        assert_eq!(group_digits(1234567), "1,234,567");
    }
}
