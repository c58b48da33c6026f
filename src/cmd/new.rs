//! `huimin new article|activity|page "标题"`: a new file with today's date, the title, a
//! pinyin slug and every optional key commented out with a one-line hint.

use super::init::create_new;
use super::{fail, shell_word, shown, success, verbosity, Verbosity};
use crate::diagnostics::report;
use crate::messages::cli;
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    Article,
    Activity,
    Page,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Activity => "activity",
            Kind::Page => "page",
        }
    }

    /// The file's path inside the site for this slug.
    fn rel_path(self, slug: &str, today: &str) -> String {
        match self {
            Kind::Article => format!("content/articles/{slug}.md"),
            Kind::Activity => format!("content/activities/{today}-{slug}.yaml"),
            Kind::Page => format!("content/pages/{slug}.md"),
        }
    }

    fn text(self, title: &str, slug: &str, today: &str) -> String {
        let title = yaml_string(title);
        let lines: Vec<(String, &str)> = match self {
            Kind::Article => vec![
                ("---".into(), ""),
                (format!("title: {title}"), ""),
                (format!("date: {today}"), "发布日期"),
                (format!("slug: {slug}"), "网址名（拼音）；多音字拼错时在这里改"),
                (
                    "# summary: 一两句话的摘要".into(),
                    "不写时用 <!-- more --> 之前的部分，或正文开头约 120 字",
                ),
                ("# tags: [标签一, 标签二]".into(), "标签"),
                ("# category: 工作动态".into(), "分类"),
                (
                    "# pillar: 善于借力".into(),
                    "品牌支柱，须是 site.yaml 中 pillars 的一项",
                ),
                ("# author: 办公室".into(), "作者或来源"),
                (
                    "# cover: images/cover.jpg".into(),
                    "封面图片，相对本文件的路径，或 /images/x.jpg",
                ),
                (format!("# updated: {today}"), "更新日期，不早于 date"),
                (
                    "# activities: [huo-dong-slug]".into(),
                    "本文报道的活动记录的 slug，文章页与活动页互相链接",
                ),
                ("# draft: true".into(), "草稿：不发布（预览时仍显示）"),
                ("---".into(), ""),
                ("".into(), ""),
                ("在这里写正文。".into(), ""),
            ],
            Kind::Page => vec![
                ("---".into(), ""),
                (format!("title: {title}"), ""),
                (format!("slug: {slug}"), "网址名，页面地址为 /网址名/"),
                ("# summary: 一两句话的摘要".into(), "用于页面的 description"),
                (format!("# date: {today}"), "发布日期（页面可不写）"),
                (format!("# updated: {today}"), "更新日期"),
                ("# author: 办公室".into(), "作者或来源"),
                (
                    "# cover: images/cover.jpg".into(),
                    "封面图片，相对本文件的路径，或 /images/x.jpg",
                ),
                ("# draft: true".into(), "草稿：不发布（预览时仍显示）"),
                ("---".into(), ""),
                ("".into(), ""),
                ("在这里写正文。".into(), ""),
            ],
            Kind::Activity => vec![
                ("# 活动记录。以 # 开头的是说明；去掉行首的 # 即可启用该行。".into(), ""),
                (format!("title: {title}"), "必填：活动名称"),
                (format!("date: {today}"), "必填：开始日期"),
                ("category: 其他".into(), "必填：活动类别，如 红色文化、志愿服务"),
                (format!("slug: {slug}"), "网址名（拼音）；多音字拼错时在这里改"),
                (format!("# end_date: {today}"), "结束日期（多日活动），不早于 date"),
                ("# location: 市文化馆".into(), "地点"),
                ("# organizer: 市文化和旅游局".into(), "主办单位"),
                ("# participants: 100".into(), "服务人次，整数 ≥ 0"),
                ("# sessions: 1".into(), "场次，整数 ≥ 1，默认 1"),
                (
                    "# pillar: 善于借力".into(),
                    "品牌支柱，须是 site.yaml 中 pillars 的一项",
                ),
                (
                    "# series: 第一届市民文化节".into(),
                    "系列活动名称，同名的活动汇总在一起",
                ),
                ("# tags: [志愿服务]".into(), "标签"),
                ("# summary: 一两句话的简介。".into(), "简介"),
                (
                    "# images: [photo1.jpg]".into(),
                    "照片，相对本文件的路径，或 /images/x.jpg",
                ),
                ("# draft: true".into(), "草稿：不发布（预览时仍显示）"),
                ("# body: |".into(), "详细介绍（Markdown），下面每行前面留两个空格"),
                ("#   活动的详细介绍。".into(), ""),
            ],
        };
        let mut out = String::new();
        for (text, hint) in lines {
            out.push_str(&text);
            if !hint.is_empty() {
                // Hints line up in a monospace editor (CJK characters are two columns).
                let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
                let pad = 36usize.saturating_sub(width).max(2);
                out.push_str(&" ".repeat(pad));
                out.push_str("# ");
                out.push_str(hint);
            }
            out.push('\n');
        }
        out
    }
}

pub(super) fn run(kind: Kind, title: &str, root: &Path, slug: Option<&str>) -> ExitCode {
    let title = title.trim();
    if title.is_empty() {
        fail(&crate::t!(cli::NEW_EMPTY_TITLE), None);
        return ExitCode::from(2);
    }
    if !root.join("content").is_dir() {
        fail(
            &crate::t!(cli::NEW_NO_CONTENT, path = report::shown_path(root)),
            Some(&crate::t!(cli::NEW_NO_CONTENT_HELP)),
        );
        return ExitCode::from(2);
    }
    let slug = match slug {
        Some(s) if is_slug(s) => s.to_string(),
        Some(s) => {
            fail(
                &crate::t!(cli::NEW_BAD_SLUG, slug = s),
                Some(&crate::t!(cli::NEW_BAD_SLUG_HELP)),
            );
            return ExitCode::from(2);
        }
        None => {
            let s = crate::site::slug::slugify(title);
            if s.is_empty() {
                fail(
                    &crate::t!(cli::NEW_NO_SLUG, title = title),
                    Some(&crate::t!(cli::NEW_NO_SLUG_HELP)),
                );
                return ExitCode::from(2);
            }
            s
        }
    };
    let today = crate::pipeline::today(&Default::default())
        .format("%Y-%m-%d")
        .to_string();
    let rel = kind.rel_path(&slug, &today);
    let path = root.join(&rel);
    let used = used_slugs(root, kind);
    let taken = used.iter().find(|(s, _)| *s == slug).map(|(_, p)| p.clone());
    let created = match taken {
        Some(other) => Ok(Err(other)),
        None => {
            create_new(&path, &kind.text(title, &slug, &today)).map(|new| if new { Ok(()) } else { Err(path.clone()) })
        }
    };
    match created {
        Ok(Ok(())) => {}
        Ok(Err(other)) => {
            let free = (2..)
                .map(|n| format!("{slug}-{n}"))
                .find(|s| !root.join(kind.rel_path(s, &today)).exists() && !used.iter().any(|(u, _)| u == s))
                .expect("a free name");
            let mut command = format!("huimin new {} {}", kind.name(), quoted(title));
            if root != Path::new(".") {
                command.push_str(&format!(" -r {}", shell_word(root)));
            }
            command.push_str(&format!(" --slug {free}"));
            let message = if other == path {
                crate::t!(cli::NEW_EXISTS, path = shown(&path))
            } else {
                crate::t!(cli::NEW_SLUG_TAKEN, path = shown(&other), slug = slug)
            };
            fail(&message, Some(&crate::t!(cli::NEW_EXISTS_HELP, command = command)));
            return ExitCode::from(1);
        }
        Err(e) => {
            fail(&crate::t!(cli::WRITE_FAILED, path = shown(&path), error = e), None);
            return ExitCode::from(1);
        }
    }
    if verbosity() == Verbosity::Quiet {
        println!("{}", shown(&path));
        return ExitCode::SUCCESS;
    }
    println!("{}", success(&crate::t!(cli::NEW_CREATED, path = shown(&path)), true));
    let serve = if root == Path::new(".") {
        "huimin serve".to_string()
    } else {
        format!("huimin serve -r {}", shell_word(root))
    };
    println!("{}", crate::t!(cli::NEW_NEXT, command = serve));
    ExitCode::SUCCESS
}

/// The web address names already used in the kind's folder, with the file using each: a
/// file's `slug:` line, else its name (an activity's without the leading date).
fn used_slugs(root: &Path, kind: Kind) -> Vec<(String, std::path::PathBuf)> {
    let (folder, exts): (&str, &[&str]) = match kind {
        Kind::Article => ("content/articles", &["md"]),
        Kind::Activity => ("content/activities", &["yaml", "yml"]),
        Kind::Page => ("content/pages", &["md"]),
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root.join(folder))
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !entry.file_type().is_file() || !exts.contains(&ext) {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let slugs: Vec<String> = text
            .lines()
            .filter_map(|l| {
                l.trim_start_matches('\u{feff}')
                    .trim_start()
                    .trim_start_matches("- ")
                    .strip_prefix("slug:")
            })
            .map(|v| {
                v.split(" #")
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_string()
            })
            .filter(|v| !v.is_empty())
            .collect();
        if slugs.is_empty() {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let stem = match kind {
                Kind::Activity
                    if stem.len() > 11
                        && stem.as_bytes()[10] == b'-'
                        && stem[..10].bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
                {
                    &stem[11..]
                }
                _ => stem,
            };
            out.push((crate::site::slug::slugify(stem), p.to_path_buf()));
        }
        out.extend(slugs.into_iter().map(|s| (s, p.to_path_buf())));
    }
    out
}

/// A slug as the site makes them: lowercase ASCII letters, digits and single dashes.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The title as a shell word for the suggested command.
fn quoted(title: &str) -> String {
    format!("\"{}\"", title.replace('"', "\\\""))
}

/// A YAML scalar for `text`: as written when YAML reads it back unchanged as a string,
/// otherwise double-quoted with escapes.
fn yaml_string(text: &str) -> String {
    let special = |c: char| ":#\"'\\[]{},&*!|>%@`".contains(c) || c.is_control();
    let plain = !text.is_empty()
        && !text.contains(special)
        && !text.starts_with(['-', '?', ' '])
        && !text.ends_with(' ')
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
        )
        && !text.chars().next().is_some_and(|c| c.is_ascii_digit());
    if plain {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_stay_strings() {
        assert_eq!(yaml_string("我与党旗合个影"), "我与党旗合个影");
        assert_eq!(yaml_string("党建：引领"), "党建：引领");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("2024"), "\"2024\"");
        assert_eq!(yaml_string("说\"好\""), "\"说\\\"好\\\"\"");
        assert_eq!(yaml_string("yes"), "\"yes\"");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("wo-yu-dang-qi-2"));
        assert!(!is_slug("Wo"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("../x"));
    }
}
