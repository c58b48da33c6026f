//! Feeds and discovery: atom.xml, sitemap.xml, robots.txt and the meta tags, parsed back with
//! real parsers; and a site built for a sub-path has no broken link.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn parse_feed(root: &Path) -> feed_rs::model::Feed {
    let xml = std::fs::read(root.join("public/atom.xml")).expect("atom.xml");
    feed_rs::parser::parse(&xml[..]).expect("atom.xml parses")
}

#[test]
fn atom_feed_is_valid_and_absolute() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let feed = parse_feed(&root);
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.title.unwrap().content, "测试站点");
    assert!(feed.updated.is_some(), "feed has <updated>");
    assert!(!feed.entries.is_empty());
    let mut previous = None;
    for e in &feed.entries {
        let link = &e.links[0].href;
        assert!(link.starts_with("https://example.gov.cn/articles/"), "{link}");
        assert_eq!(&e.id, link);
        assert!(e.updated.is_some(), "entry {} has <updated>", e.id);
        assert!(e.summary.is_some(), "entry {} has a summary", e.id);
        assert!(e.content.is_none(), "summary mode by default");
        let published = e.published.expect("published");
        if let Some(p) = previous {
            assert!(published <= p, "newest first");
        }
        previous = Some(published);
    }
    // The draft is not in the feed.
    let xml = read(&root, "public/atom.xml");
    assert!(!xml.contains("草稿"), "{xml}");
}

#[test]
fn atom_feed_full_content_and_limit() {
    let (_t, root) = fixture("basic");
    let config = read(&root, "site.yaml") + "feed:\n  content: full\n  limit: 2\n";
    write(&root, "site.yaml", &config);
    build_ok(&root, &[]);
    let feed = parse_feed(&root);
    assert_eq!(feed.entries.len(), 2);
    for e in &feed.entries {
        let body = e.content.as_ref().and_then(|c| c.body.as_ref()).expect("full content");
        assert!(body.contains("<p>"), "{body}");
    }
}

#[test]
fn feed_setting_typo_names_the_line() {
    let (_t, root) = fixture("basic");
    let config = read(&root, "site.yaml") + "feed:\n  content: everything\n";
    write(&root, "site.yaml", &config);
    let err = build_fails(&root);
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(err.contains("everything"), "{err}");
}

/// `(loc, lastmod)` of every sitemap entry.
fn sitemap(root: &Path) -> Vec<(String, String)> {
    let xml = read(root, "public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
        .map(|u| {
            let text = |name: &str| {
                u.children()
                    .find(|n| n.has_tag_name((ns, name)))
                    .and_then(|n| n.text())
                    .unwrap_or_else(|| panic!("<url> without <{name}>"))
                    .to_string()
            };
            (text("loc"), text("lastmod"))
        })
        .collect()
}

#[test]
fn sitemap_lists_every_public_page_with_lastmod() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let entries = sitemap(&root);
    let listed: BTreeSet<String> = entries.iter().map(|(loc, _)| loc.clone()).collect();
    assert_eq!(listed.len(), entries.len(), "no duplicates");
    for (loc, lastmod) in &entries {
        assert!(
            chrono::NaiveDate::parse_from_str(lastmod, "%Y-%m-%d").is_ok(),
            "{loc}: {lastmod}"
        );
    }
    // Every generated HTML page but the 404 page is listed.
    for (file, _) in snapshot(&root.join("public")) {
        let Some(dir) = file.strip_suffix("index.html") else {
            continue;
        };
        let url = format!("https://example.gov.cn/{dir}");
        assert!(listed.contains(&url), "{url} missing from the sitemap");
    }
    assert!(!listed.iter().any(|l| l.contains("404")));
    let robots = read(&root, "public/robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.gov.cn/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn every_page_has_description_canonical_og_and_feed_link() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    for (file, bytes) in snapshot(&root.join("public")) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        for needle in [
            "<link rel=\"canonical\" href=\"https://example.gov.cn/",
            "<link rel=\"alternate\" type=\"application/atom+xml\"",
            "<meta property=\"og:title\" content=\"",
            "<meta property=\"og:url\" content=\"https://example.gov.cn/",
            "<meta name=\"SiteName\" content=\"测试站点\">",
            "<meta name=\"SiteIDCode\" content=\"1234567890\">",
        ] {
            assert_eq!(html.matches(needle).count(), 1, "{file}: {needle}");
        }
        let description = html
            .split("<meta name=\"description\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{file}: no description"));
        assert!(!description.trim().is_empty(), "{file}: empty description");
        assert!(!html.contains("og:title\" content=\"\""), "{file}: empty og:title");
    }
}

#[test]
fn cover_becomes_the_open_graph_image() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/cover.md",
        "---\ntitle: 有封面\ndate: 2024-03-01\ncover: photo.png\nsummary: 封面测试\n---\n正文。\n",
    );
    build_ok(&root, &[]);
    let html = read(&root, "public/articles/cover/index.html");
    assert!(
        html.contains("<meta property=\"og:image\" content=\"https://example.gov.cn/articles/cover/photo-40.jpg\">"),
        "{html}"
    );
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert_eq!(html.matches("og:type").count(), 1);
}

/// Every `href`/`src` value that is a site path.
fn site_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let value = part.split('"').next().unwrap_or("");
            if value.starts_with('/') && !value.starts_with("//") {
                out.push(value.replace("&amp;", "&"));
            }
        }
    }
    out
}

#[test]
fn sub_path_site_has_no_broken_link() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &["--base-url", "https://wlj.example.gov.cn/dangjian/"]);
    let out = root.join("public");
    let files: BTreeSet<String> = snapshot(&out).into_iter().map(|(f, _)| f).collect();
    let mut checked = 0;
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out, file);
        for link in site_links(&html) {
            let path = link.split(['#', '?']).next().unwrap_or("");
            let rel = path
                .strip_prefix("/dangjian/")
                .unwrap_or_else(|| panic!("{file}: link {link} is outside /dangjian/"));
            let rel = percent_encoding::percent_decode_str(rel)
                .decode_utf8_lossy()
                .into_owned();
            let target = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel
            };
            assert!(files.contains(&target), "{file}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    for (loc, _) in sitemap(&root) {
        assert!(loc.starts_with("https://wlj.example.gov.cn/dangjian/"), "{loc}");
    }
    for e in parse_feed(&root).entries {
        assert!(
            e.id.starts_with("https://wlj.example.gov.cn/dangjian/articles/"),
            "{}",
            e.id
        );
    }
    let json = read(&out, "activities/index.json");
    assert!(!json.contains("\"https://wlj.example.gov.cn/activities"), "{json}");
    assert!(read(&out, "robots.txt").contains("Sitemap: https://wlj.example.gov.cn/dangjian/sitemap.xml"));
}
