//! Activity records end to end: pages, timeline, series, statistics, calendar and open data.

mod common;
use common::*;
use icalendar::{Component, DatePerhapsTime, EventLike};

#[test]
fn record_pages_link_both_ways_with_articles() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let page = read(&root, "public/activities/2024-07-01-dangqi/index.html");
    for needle in [
        "我与党旗合个影",
        r#"<time datetime="2024-07-01">2024年7月1日</time>"#,
        r#"<time datetime="2024-07-03">2024年7月3日</time>"#,
        "市文化馆广场, 东侧",
        "860 人次",
        r#"href="/categories/hong-se-wen-hua/""#,
        r#"href="/series/di-shi-er-jie-shi-min-wen-hua-jie/""#,
        r#"href="/pillars/shan-yu-chuang-xin/""#,
        r#"href="/tags/shi-min-wen-hua-jie/""#,
        r#"href="/articles/wo-yu-dang-qi-he-ge-ying/""#,
    ] {
        assert!(page.contains(needle), "activity page lacks {needle}");
    }
    let article = read(&root, "public/articles/wo-yu-dang-qi-he-ge-ying/index.html");
    assert!(article.contains(r#"href="/activities/2024-07-01-dangqi/""#));
    // List files give each record its own page.
    assert!(root.join("public/activities/songxi-qingshi/index.html").is_file());
    assert!(root.join("public/activities/songxi-liuxi/index.html").is_file());
}

#[test]
fn timeline_groups_by_year_and_month_and_filters_by_category() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let tl = read(&root, "public/activities/index.html");
    let pos = |s: &str| tl.find(s).unwrap_or_else(|| panic!("timeline lacks {s}"));
    assert!(pos("2030年1月") < pos("2024年10月"), "newest first");
    assert!(pos("2024年10月") < pos("2024年9月") && pos("2024年9月") < pos("2024年7月"));
    assert!(tl.contains(r#"href="/activities/category/wen-yi-yan-chu/""#));
    let filtered = read(&root, "public/activities/category/wen-yi-yan-chu/index.html");
    assert!(filtered.contains("送戏下乡·青石镇") && !filtered.contains("我与党旗合个影"));
    let year = read(&root, "public/activities/year/2024/index.html");
    assert!(year.contains("送戏下乡·柳溪乡") && !year.contains("新年送戏"));
}

#[test]
fn statistics_match_hand_computed_totals() {
    // Today is 2026-01-01: the 2030 record is upcoming and not counted.
    // Held: 党旗 860 people / 3 sessions (红色文化, 善于创新, series), 青石镇 400 / 2 (文艺演出, 善于融合, series),
    // 柳溪乡 240 / 1 (文艺演出).
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let stats = read(&root, "public/stats/index.html");
    let row = |name: &str, a: u64, s: u64, p: &str| {
        let cells = format!("{name}</a></th><td>{a}</td><td>{s}</td><td>{p}</td>");
        assert!(stats.contains(&cells), "stats lack row {cells}");
    };
    row("红色文化", 1, 3, "860");
    row("文艺演出", 2, 3, "640");
    row("第十二届市民文化节", 2, 5, "1,260");
    row("2024年", 3, 6, "1,500");
    row("善于创新", 1, 3, "860");
    row("善于融合", 1, 2, "400");
    row("善于借力", 0, 0, "0");
    assert!(
        stats.contains("<dd>3 项</dd>") && stats.contains("<dd>6 场</dd>") && stats.contains("<dd>1,500 人次</dd>")
    );
    assert!(stats.contains("另有 1 项活动即将举办"));
    // Charts: inline SVG with a text alternative.
    assert!(stats.matches("<svg").count() >= 3);
    assert!(stats.contains(r#"role="img""#) && stats.contains("<title"));
    let home = read(&root, "public/index.html");
    assert!(
        home.contains("<strong>3</strong> 项、<strong>6</strong> 场次，服务群众 <strong>1,500</strong> 人次"),
        "home figures"
    );
    assert!(home.contains("新年送戏"), "upcoming activity on the home page");
    let series = read(&root, "public/series/di-shi-er-jie-shi-min-wen-hua-jie/index.html");
    assert!(
        series.contains("<dd>2 项</dd>") && series.contains("<dd>5 场</dd>") && series.contains("<dd>1,260 人次</dd>")
    );
}

#[test]
fn calendar_parses_back_with_an_icalendar_parser() {
    let (_t, root) = fixture("basic");
    let long = "这是一段很长的中文活动介绍，".repeat(15);
    let long: String = long.chars().take(200).collect();
    write(
        &root,
        "content/activities/2025-03-05-long.yaml",
        &format!("title: 学雷锋; 志愿服务\ndate: 2025-03-05\ncategory: 志愿服务\nlocation: 新华社区, 东门\\北门\nsummary: {long}\n"),
    );
    build_ok(&root, &[]);
    let raw = std::fs::read(root.join("public/activities/calendar.ics")).unwrap();
    let text = String::from_utf8(raw).unwrap();
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
        assert!(!line.contains('\n'), "bare LF");
    }
    let cal: icalendar::Calendar = text.parse().expect("calendar parses");
    let events: Vec<&icalendar::Event> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 5);
    let long_event = events
        .iter()
        .find(|e| e.get_uid() == Some("2025-03-05-long@example.gov.cn"))
        .expect("uid");
    assert_eq!(long_event.get_summary(), Some("学雷锋; 志愿服务"));
    assert_eq!(long_event.get_location(), Some("新华社区, 东门\\北门"));
    assert_eq!(long_event.get_description(), Some(long.as_str()));
    let dangqi = events
        .iter()
        .find(|e| e.get_summary() == Some("我与党旗合个影"))
        .expect("dangqi");
    let d = |y, m, day| DatePerhapsTime::Date(chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap());
    assert_eq!(dangqi.get_start(), Some(d(2024, 7, 1)));
    assert_eq!(dangqi.get_end(), Some(d(2024, 7, 4)), "DTEND is exclusive");
    assert_eq!(dangqi.get_location(), Some("市文化馆广场, 东侧"));
    assert_eq!(
        dangqi.get_url(),
        Some("https://example.gov.cn/activities/2024-07-01-dangqi/")
    );
    assert_eq!(
        dangqi.get_categories(),
        Some(vec!["红色文化".to_string(), "第十二届市民文化节".to_string()])
    );
    // Stable UIDs: a second build gives the same bytes.
    build_ok(&root, &[]);
    assert_eq!(text, read(&root, "public/activities/calendar.ics"));
}

#[test]
fn open_data_matches_the_records() {
    let (_t, root) = fixture("basic");
    build_ok(&root, &[]);
    let json: serde_json::Value = serde_json::from_str(&read(&root, "public/activities/index.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["count"], 4);
    let list = json["activities"].as_array().unwrap();
    assert_eq!(list[0]["slug"], "songxi-xinnian", "newest first");
    let dangqi = list.iter().find(|r| r["slug"] == "2024-07-01-dangqi").unwrap();
    assert_eq!(dangqi["title"], "我与党旗合个影");
    assert_eq!(dangqi["date"], "2024-07-01");
    assert_eq!(dangqi["end_date"], "2024-07-03");
    assert_eq!(dangqi["participants"], 860);
    assert_eq!(dangqi["sessions"], 3);
    assert_eq!(dangqi["series"], "第十二届市民文化节");
    assert_eq!(dangqi["url"], "https://example.gov.cn/activities/2024-07-01-dangqi/");
    assert_eq!(
        dangqi["articles"][0],
        "https://example.gov.cn/articles/wo-yu-dang-qi-he-ge-ying/"
    );
    let liuxi = list.iter().find(|r| r["slug"] == "songxi-liuxi").unwrap();
    assert_eq!(liuxi["sessions"], 1, "default sessions");
    assert!(
        liuxi["pillar"].is_null() && liuxi["end_date"].is_null(),
        "absent keys are null, not missing"
    );
}

#[test]
fn record_errors_name_file_line_and_field() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/activities/bad1.yaml",
        "title: 合唱\ndate: 2024-01-01\ncategory: 文艺演出\nparticipants: 很多\n",
    );
    write(
        &root,
        "content/activities/bad2.yaml",
        "title: 合唱\ndate: 明天\ncategory: 文艺演出\n",
    );
    write(
        &root,
        "content/activities/bad3.yaml",
        "title: 合唱\ndate: 2024-01-05\nend_date: 2024-01-01\ncategory: 文艺演出\n",
    );
    write(&root, "content/activities/bad4.yaml", "title: 合唱\ndate: 2024-01-05\n");
    write(
        &root,
        "content/activities/bad5.yaml",
        "title: 合唱\ndate: 2024-01-05\ncategory: x\nlocaton: 广场\n",
    );
    write(&root, "content/activities/bad6.yaml", "- title: 一\n  date: 2024-01-05\n  category: x\n  slug: ok-one\n- title: 二\n  date: 2024-01-06\n  category: x\n  sessions: 0\n");
    write(
        &root,
        "content/activities/bad7.yaml",
        "title: 合唱\ndate: 2024-01-05\ncategory: x\npillar: 善于借钱\n",
    );
    let err = build_fails(&root);
    for needle in [
        "error: content/activities/bad1.yaml:4:15: `participants` should be a whole number (0 or more), but here it is “很多”",
        "error: content/activities/bad2.yaml:2:7: `date`",
        "error: content/activities/bad3.yaml:3:11: `end_date` (2024-01-01) is before `date` (2024-01-05)",
        "error: content/activities/bad4.yaml:1:1: missing required key `category`",
        "error: content/activities/bad5.yaml:4:1: unknown key `locaton`",
        "did you mean `location`?",
        "error: content/activities/bad6.yaml:8:13: `sessions` must be at least 1",
        "error: content/activities/bad7.yaml:4:1: unknown pillar `善于借钱`",
    ] {
        assert!(err.contains(needle), "missing «{needle}» in:\n{err}");
    }
}

#[test]
fn record_title_with_html_is_escaped_everywhere() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/activities/2024-08-01-xss.yaml",
        "title: <img src=x onerror=alert(1)>\ndate: 2024-08-01\ncategory: <b>类</b>\nseries: <i>系列</i>\ntags: [<u>标签</u>]\nparticipants: 1\n",
    );
    build_ok(&root, &[]);
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for raw in ["<img src=x onerror", "<b>类</b>", "<i>系列</i>", "<u>标签</u>"] {
                assert!(!text.contains(raw), "{raw} unescaped in {:?}", entry.path());
            }
        }
    }
    let page = read(&root, "public/activities/2024-08-01-xss/index.html");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn unknown_activity_slug_in_article_is_an_error() {
    let (_t, root) = fixture("basic");
    write(
        &root,
        "content/articles/ref.md",
        "---\ntitle: R\ndate: 2024-01-01\nactivities: [2024-07-01-dangqii]\n---\n",
    );
    let err = build_fails(&root);
    assert!(
        err.contains("error: content/articles/ref.md:4:1: no activity record has the slug `2024-07-01-dangqii`"),
        "{err}"
    );
    assert!(err.contains("did you mean `2024-07-01-dangqi`?"), "{err}");
}
