//! Every text a user reads, in one catalogue, in Chinese and English.
//!
//! A message is a constant with both texts and `{name}` placeholders; [`t!`] fills them in the
//! language chosen once at start-up ([`lang`]). Areas keep their messages in files of their own
//! (`input.rs`, `site.rs`, …), each declared with [`catalogue!`], which also lists them for the
//! test that every message has both languages and the same placeholders. The machine-readable
//! parts of a diagnostic (`error: path:line:col:` and its [`crate::diagnostics::Code`]) never
//! change with the language.
//!
//! A plain catalogue rather than Fluent: Fluent wraps placeholders in Unicode isolation marks
//! unless told not to (which breaks `path:line:col` for tools), and these messages need nothing
//! beyond substitution.

pub(crate) mod cli;
pub(crate) mod content;
pub(crate) mod general;
pub(crate) mod images;
pub(crate) mod output;
pub(crate) mod search;
pub(crate) mod sheets;
pub(crate) mod site;
pub(crate) mod yaml;

use std::fmt::Display;
use std::sync::OnceLock;

/// The language messages are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language for this run: `HUIMIN_LANG` (`zh` or `en`), then `LC_ALL`, `LC_MESSAGES` and
/// `LANG` as POSIX orders them (`zh*` is Chinese, `C`/`POSIX` English), then the system's UI
/// language (Windows sets no `LANG`). English when nothing says Chinese.
pub fn lang() -> Lang {
    *LANG.get_or_init(|| detect(|k| std::env::var(k).ok(), sys_locale::get_locale))
}

/// [`lang`]'s rule, with the environment and the system locale passed in (tests).
pub fn detect(var: impl Fn(&str) -> Option<String>, system: impl Fn() -> Option<String>) -> Lang {
    let is_zh = |v: &str| v.to_ascii_lowercase().starts_with("zh");
    if let Some(v) = var("HUIMIN_LANG").filter(|v| !v.is_empty()) {
        return if is_zh(&v) { Lang::Zh } else { Lang::En };
    }
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = var(key).filter(|v| !v.is_empty()) {
            return if is_zh(&v) { Lang::Zh } else { Lang::En };
        }
    }
    match system() {
        Some(v) if is_zh(&v) => Lang::Zh,
        _ => Lang::En,
    }
}

/// A key as messages name it: `participants`, and in Chinese with what it means,
/// `participants`（参与人数）, since editors do not all read English key names.
pub fn key_label(key: &str) -> String {
    match (lang(), gloss(key)) {
        (Lang::Zh, Some(g)) => format!("`{key}`（{g}）"),
        _ => format!("`{key}`"),
    }
}

/// What each key of front matter, records and site.yaml means, in Chinese.
fn gloss(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "标题",
        "date" => "日期",
        "updated" => "更新日期",
        "summary" => "摘要",
        "tags" => "标签",
        "category" => "类别",
        "pillar" => "品牌支柱",
        "author" => "作者",
        "cover" => "封面图片",
        "draft" => "草稿",
        "slug" => "网址名",
        "activities" => "相关活动",
        "extra" => "附加数据",
        "end_date" => "结束日期",
        "series" => "系列",
        "location" => "地点",
        "organizer" => "主办单位",
        "participants" => "参与人数",
        "sessions" => "场次",
        "body" => "正文",
        "images" => "图片",
        "base_url" => "网站地址",
        "description" => "网站描述",
        "language" => "语言",
        "theme" => "主题",
        "paginate" => "每页条数",
        "nav" => "导航菜单",
        "footer" => "页脚",
        "pillars" => "品牌支柱",
        "feed" => "订阅源",
        "markdown" => "Markdown 设置",
        "term_slugs" => "分类网址",
        "name" => "名称",
        "url" => "地址",
        "limit" => "篇数",
        "content" => "内容",
        "unsafe_html" => "原样发布 HTML",
        _ => return None,
    })
}

/// One message in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Msg {
    /// The constant's name, for the catalogue test's messages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Msg {
    /// The text in `lang` with `{name}` placeholders filled from `args`.
    pub fn render(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let template = match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        };
        fill(template, args)
    }

    /// [`Msg::render`] in this run's language.
    pub fn text(&self, args: &[(&str, &dyn Display)]) -> String {
        self.render(lang(), args)
    }
}

/// Replace each `{name}` with its argument; `{{` and `}}` stand for braces.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.strip_prefix('{').and_then(|t| t.find('}')) {
            let name = &tail[1..end + 1];
            match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(&v.to_string()),
                None => out.push_str(&tail[..end + 2]),
            }
            rest = &tail[end + 2..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, sorted, for the catalogue test.
#[cfg(test)]
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                out.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Declare messages and the list of them: `NAME: "English" / "中文";`.
#[macro_export]
macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident : $en:literal / $zh:literal;)*) => {
        $( $(#[$doc])* pub const $name: $crate::messages::Msg = $crate::messages::Msg {
            name: stringify!($name),
            en: $en,
            zh: $zh,
        }; )*
        /// Every message of this file, for the catalogue test.
        #[allow(dead_code)]
        pub const ALL: &[$crate::messages::Msg] = &[$($name),*];
    };
}

/// `t!(MSG, name = value, …)`: the message's text in this run's language.
#[macro_export]
macro_rules! t {
    ($msg:expr $(, $k:ident = $v:expr)* $(,)?) => {
        $msg.text(&[$((stringify!($k), &$v as &dyn ::std::fmt::Display)),*])
    };
}

/// Every area's messages (the test walks them all).
#[cfg(test)]
fn all() -> Vec<&'static [Msg]> {
    vec![
        general::ALL,
        cli::ALL,
        yaml::ALL,
        content::ALL,
        site::ALL,
        output::ALL,
        sheets::ALL,
        images::ALL,
        search::ALL,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_and_the_same_placeholders() {
        let mut names = std::collections::HashSet::new();
        for (n, area) in all().into_iter().enumerate() {
            for m in area {
                // Names are qualified by their area (`site::LINK_OUTSIDE`), so unique per area.
                assert!(names.insert((n, m.name)), "{} is declared twice", m.name);
                assert!(
                    !m.en.trim().is_empty() && !m.zh.trim().is_empty(),
                    "{} is empty",
                    m.name
                );
                assert_eq!(
                    placeholders(m.en),
                    placeholders(m.zh),
                    "{}: placeholders differ",
                    m.name
                );
                // A message with words must have Chinese words ("“{text}”" needs none).
                let words = |t: &str| {
                    let mut t = t.to_string();
                    for p in placeholders(m.en) {
                        t = t.replace(&format!("{{{p}}}"), "");
                    }
                    t
                };
                if words(m.en).chars().any(|c| c.is_ascii_alphabetic()) {
                    assert!(
                        m.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{}: the Chinese text has no Chinese",
                        m.name
                    );
                }
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let m = Msg {
            name: "X",
            en: "unknown key `{key}` ({n})",
            zh: "未知的键「{key}」（{n}）",
        };
        assert_eq!(
            m.render(Lang::En, &[("key", &"tgas"), ("n", &3)]),
            "unknown key `tgas` (3)"
        );
        assert_eq!(
            m.render(Lang::Zh, &[("key", &"tgas"), ("n", &3)]),
            "未知的键「tgas」（3）"
        );
        assert_eq!(fill("{{literal}} {a}", &[("a", &1)]), "{literal} 1");
    }

    #[test]
    fn language_follows_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        let none = || None;
        assert_eq!(detect(env(&[("LANG", "zh_CN.UTF-8")]), none), Lang::Zh);
        assert_eq!(detect(env(&[("LANG", "en_US.UTF-8")]), none), Lang::En);
        assert_eq!(detect(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]), none), Lang::En);
        assert_eq!(
            detect(env(&[("LC_MESSAGES", "zh_TW"), ("LANG", "en_US")]), none),
            Lang::Zh
        );
        assert_eq!(
            detect(env(&[("HUIMIN_LANG", "en"), ("LANG", "zh_CN.UTF-8")]), none),
            Lang::En
        );
        assert_eq!(detect(env(&[("HUIMIN_LANG", "zh")]), none), Lang::Zh);
        assert_eq!(detect(env(&[]), || Some("zh-CN".into())), Lang::Zh);
        assert_eq!(detect(env(&[]), none), Lang::En);
    }
}
