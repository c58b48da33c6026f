//! Spreadsheets: `huimin import activities` (xlsx, csv in GBK and UTF-8), the CSV and XLSX
//! downloads, `huimin stats`, and the showcase's activity log.

mod common;
use calamine::{Data, Reader};
use common::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::Path;

/// A small site with one record of its own (an article links to it).
fn empty_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (t, root) = fixture("basic");
    std::fs::remove_file(root.join("content/activities/2024-songxi.yaml")).expect("clear records");
    (t, root)
}

fn fixed_book() -> Workbook {
    let mut book = Workbook::new();
    let day = ExcelDateTime::from_ymd(2025, 1, 1).expect("date");
    book.set_properties(&DocProperties::new().set_creation_datetime(&day));
    book
}

/// The log as staff keep it: a merged title row, Chinese headers, dates as serials, date
/// cells and text, numbers as text with separators and units, an empty row.
fn write_log(path: &Path, rows: &[[&str; 9]], extra_column: Option<&str>) {
    let mut book = fixed_book();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").expect("name");
    let bold = Format::new().set_bold();
    sheet
        .merge_range(0, 0, 0, 8, "2025年文旅惠民活动台账", &bold)
        .expect("merge");
    let headers = [
        "序号",
        "活动名称",
        "活动日期",
        "类别",
        "品牌支柱",
        "活动地点",
        "主办单位",
        "服务群众（人次）",
        "标签",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).expect("header");
    }
    if let Some(name) = extra_column {
        sheet.write_string(1, 9, name).expect("extra header");
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut r = 2u32;
    for row in rows {
        if row.iter().all(|c| c.is_empty()) {
            r += 1;
            continue;
        }
        for (c, v) in row.iter().enumerate() {
            let c16 = c as u16;
            if v.is_empty() {
                continue;
            }
            if c == 2 {
                if let Some(serial) = v.strip_prefix("serial:") {
                    sheet
                        .write_number_with_format(r, c16, serial.parse::<f64>().expect("serial"), &date_format)
                        .expect("serial");
                    continue;
                }
                if let Some(day) = v.strip_prefix("cell:") {
                    let p: Vec<u16> = day.split('-').map(|x| x.parse().expect("num")).collect();
                    let d = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).expect("date");
                    sheet
                        .write_datetime_with_format(r, c16, &d, &date_format)
                        .expect("date");
                    continue;
                }
            }
            if let Some(n) = v.strip_prefix("num:") {
                sheet.write_number(r, c16, n.parse::<f64>().expect("num")).expect("num");
            } else {
                sheet.write_string(r, c16, *v).expect("text");
            }
        }
        r += 1;
    }
    book.save(path).expect("save log");
}

const ROWS: &[[&str; 9]] = &[
    [
        "num:1",
        "我与党旗合个影",
        "serial:45474",
        "红色文化",
        "善于创新",
        "市文化馆广场",
        "市文化馆",
        "1,200",
        "七一、党史学习教育",
    ],
    [
        "num:2",
        "送戏下乡·青石镇",
        "cell:2024-09-12",
        "文艺演出",
        "善于融合",
        "青石镇",
        "",
        "num:400",
        "",
    ],
    ["", "", "", "", "", "", "", "", ""],
    [
        "num:3",
        "读书月: 共读",
        "2024年10月1日",
        "阅读推广",
        "",
        "",
        "",
        "86人",
        "阅读，读书月",
    ],
    ["num:4", "志愿服务进社区", "2024/7/1", "志愿服务", "", "", "", "", ""],
    [
        "num:5",
        "=HYPERLINK(\"http://evil.example/\",\"点我\")",
        "2024.11.5",
        "志愿服务",
        "",
        "",
        "",
        "num:30",
        "",
    ],
];

/// The same records written by hand.
const HAND: &str = r#"- title: 我与党旗合个影
  date: 2024-07-01
  category: 红色文化
  pillar: 善于创新
  location: 市文化馆广场
  organizer: 市文化馆
  participants: 1200
  tags: [七一, 党史学习教育]
- title: 送戏下乡·青石镇
  date: 2024-09-12
  category: 文艺演出
  pillar: 善于融合
  location: 青石镇
  participants: 400
- title: "读书月: 共读"
  date: 2024-10-01
  category: 阅读推广
  participants: 86
  tags: [阅读, 读书月]
- title: 志愿服务进社区
  date: 2024-07-01
  category: 志愿服务
- title: '=HYPERLINK("http://evil.example/","点我")'
  date: 2024-11-05
  category: 志愿服务
  participants: 30
"#;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `index.json`'s records without the addresses, sorted, to compare two sites.
fn records_of(root: &Path) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(&read(root, "public/activities/index.json")).expect("json");
    let mut list: Vec<serde_json::Value> = doc["activities"]
        .as_array()
        .expect("list")
        .iter()
        .cloned()
        .map(|mut r| {
            let o = r.as_object_mut().expect("object");
            o.remove("slug");
            o.remove("url");
            r
        })
        .collect();
    list.sort_by_key(|r| r.to_string());
    list
}

#[test]
fn xlsx_import_gives_the_records_a_hand_written_yaml_gives() {
    let (_t, root) = empty_site();
    write_log(&root.join("台账.xlsx"), ROWS, None);
    let out = huimin(&root, &["import", "activities", "台账.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&root, "content/activities/台账.yaml");
    assert!(yaml.starts_with("# huimin import: 台账.xlsx\n"), "{yaml}");
    assert!(yaml.contains("slug: 2024-07-01-wo-yu-dang-qi-he-ge-ying"), "{yaml}");
    assert!(yaml.contains("title: \"读书月: 共读\""), "quoted: {yaml}");
    build_ok(&root, &[]);
    let imported = records_of(&root);
    assert_eq!(imported.len(), 6);

    let (_t2, hand) = empty_site();
    write(&hand, "content/activities/hand.yaml", HAND);
    build_ok(&hand, &[]);
    assert_eq!(imported, records_of(&hand));

    // Importing the same log again changes nothing.
    let again = huimin(&root, &["import", "activities", "台账.xlsx"]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("0 added, 0 changed, 0 removed, 5 unchanged"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn errors_name_their_cells_and_nothing_is_written() {
    let (_t, root) = empty_site();
    let mut rows = ROWS.to_vec();
    rows[1][7] = "很多"; // H4: participants
    rows[3][2] = "明天"; // C6: date
    rows[4][1] = ""; // B7: title
    write_log(&root.join("台账.xlsx"), &rows, Some("参与人次"));
    let out = huimin(&root, &["import", "activities", "台账.xlsx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for needle in [
        "error: 台账.xlsx:Sheet1!H4: `participants` should be a whole number",
        "error: 台账.xlsx:Sheet1!C6: `date`: `明天` is not a date",
        "error: 台账.xlsx:Sheet1!B7: `title` is empty",
        "warning: 台账.xlsx:Sheet1!J2: unknown column `参与人次`",
        "did you mean `参与人数`?",
        "3 error(s) in the log: nothing was written",
    ] {
        assert!(err.contains(needle), "lacks {needle}:\n{err}");
    }
    assert_eq!(err.matches("unknown column").count(), 1, "reported once: {err}");
    assert!(!root.join("content/activities/台账.yaml").exists());
}

#[test]
fn csv_in_gbk_and_utf8_with_bom_are_read_and_located_by_line() {
    let text = "2025年文旅惠民活动台账,,,\r\n标题,日期,类别,参与人数\r\n我与党旗合个影,2024/7/1,红色文化,\"1,200\"\r\n\r\n送戏下乡,2024年9月12日,文艺演出,很多\r\n";
    for (name, bytes, encoding) in [
        ("gbk.csv", encoding_rs::GBK.encode(text).0.into_owned(), "GBK"),
        (
            "bom.csv",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            "UTF-8 (BOM)",
        ),
    ] {
        let (_t, root) = empty_site();
        std::fs::write(root.join(name), &bytes).expect("write csv");
        let out = huimin(&root, &["import", "activities", name]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("as {encoding}")), "{name}: {err}");
        assert!(
            err.contains(&format!("error: {name}:5:4: `participants` should be a whole number")),
            "{name}: {err}"
        );
        let fixed = text.replace("很多", "300人");
        let bytes = if encoding == "GBK" {
            encoding_rs::GBK.encode(&fixed).0.into_owned()
        } else {
            fixed.into_bytes()
        };
        std::fs::write(root.join(name), &bytes).expect("write csv");
        let out = huimin(&root, &["import", "activities", name]);
        assert!(out.status.success(), "{}", stderr(&out));
        let stem = name.trim_end_matches(".csv");
        let yaml = read(&root, &format!("content/activities/{stem}.yaml"));
        assert!(yaml.contains("title: 我与党旗合个影\n  date: 2024-07-01\n"), "{yaml}");
        assert!(
            yaml.contains("participants: 1200") && yaml.contains("participants: 300"),
            "{yaml}"
        );
        build_ok(&root, &[]);
    }
}

#[test]
fn reimport_shows_changes_and_rewrites_only_its_own_file() {
    let (_t, root) = empty_site();
    write(
        &root,
        "content/activities/own.yaml",
        "title: 手写记录\ndate: 2024-01-01\ncategory: 理论学习\n",
    );
    write_log(&root.join("台账.xlsx"), ROWS, None);
    assert!(huimin(&root, &["import", "activities", "台账.xlsx"]).status.success());
    let mut rows = ROWS.to_vec();
    rows[1][7] = "num:450"; // changed
    rows[0][1] = "我与党旗合个影活动"; // a corrected title keeps its address
    rows.remove(4); // removed: 志愿服务进社区
    rows.push([
        "num:6",
        "新年音乐会",
        "2024-12-31",
        "文艺演出",
        "",
        "",
        "",
        "num:600",
        "",
    ]);
    write_log(&root.join("台账.xlsx"), &rows, None);
    let dry = huimin(&root, &["import", "activities", "台账.xlsx", "--dry-run"]);
    let before = read(&root, "content/activities/台账.yaml");
    let err = stderr(&dry);
    assert!(dry.status.success(), "{err}");
    for needle in [
        "+ added: 新年音乐会 (2024-12-31)",
        "~ changed: 送戏下乡·青石镇 (2024-09-12)",
        "- removed: 志愿服务进社区 (2024-07-01)",
        "~ changed: 我与党旗合个影活动 (2024-07-01)",
        "1 added, 2 changed, 1 removed, 2 unchanged",
        "dry run",
    ] {
        assert!(err.contains(needle), "lacks {needle}:\n{err}");
    }
    assert!(String::from_utf8_lossy(&dry.stdout).contains("新年音乐会"));
    assert_eq!(before, read(&root, "content/activities/台账.yaml"), "dry run wrote");
    let out = huimin(&root, &["import", "activities", "台账.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = read(&root, "content/activities/台账.yaml");
    assert!(after.contains("新年音乐会") && !after.contains("志愿服务进社区"));
    assert!(after.contains("slug: 2024-07-01-wo-yu-dang-qi-he-ge-ying\n"), "{after}");
    assert_eq!(
        read(&root, "content/activities/own.yaml"),
        "title: 手写记录\ndate: 2024-01-01\ncategory: 理论学习\n"
    );
    build_ok(&root, &[]);

    // A file the import did not write is never replaced.
    write(
        &root,
        "content/activities/别的.yaml",
        "title: 手写\ndate: 2024-01-02\ncategory: 理论学习\n",
    );
    std::fs::copy(root.join("台账.xlsx"), root.join("别的.xlsx")).expect("copy");
    let refused = huimin(&root, &["import", "activities", "别的.xlsx"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("was not written by an import"),
        "{}",
        stderr(&refused)
    );
    assert!(read(&root, "content/activities/别的.yaml").starts_with("title: 手写"));
}

#[test]
fn per_row_writes_one_file_a_record_and_removes_only_its_own() {
    let (_t, root) = empty_site();
    write_log(&root.join("台账.xlsx"), ROWS, None);
    let out = huimin(&root, &["import", "activities", "台账.xlsx", "--per-row"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = root.join("content/activities/台账");
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 5, "one file a row");
    write(
        &root,
        "content/activities/台账/mine.yaml",
        "title: 手写\ndate: 2024-01-02\ncategory: 理论学习\n",
    );
    let mut rows = ROWS.to_vec();
    rows.remove(4);
    write_log(&root.join("台账.xlsx"), &rows, None);
    let out = huimin(&root, &["import", "activities", "台账.xlsx", "--per-row"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 5, "4 imported + mine");
    assert!(dir.join("mine.yaml").exists());
    build_ok(&root, &[]);
}

/// The figures of /stats/ tables: `name → (activities, sessions, participants)` per section.
fn page_figures(html: &str, section: &str) -> Vec<(String, [u64; 3])> {
    let start = html.find(&format!("id=\"{section}\"")).expect("section");
    let body = &html[start..];
    let body = &body[body.find("<tbody>").expect("tbody")..body.find("</tbody>").expect("end")];
    let strip = |s: &str| -> String {
        let mut out = String::new();
        let mut tag = false;
        for c in s.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                _ if !tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let th = strip(&row[..row.find("</th>").expect("th")]);
            let nums: Vec<u64> = row
                .split("<td>")
                .skip(1)
                .map(|c| {
                    strip(&c[..c.find("</td>").expect("td")])
                        .replace(',', "")
                        .parse()
                        .expect("number")
                })
                .collect();
            (th.trim().to_string(), [nums[0], nums[1], nums[2]])
        })
        .collect()
}

fn xlsx_figures(bytes: &[u8], sheet: &str) -> Vec<(String, [u64; 3])> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("open xlsx");
    let range = book.worksheet_range(sheet).expect("sheet");
    let mut out = Vec::new();
    for row in range.rows().skip(1) {
        let Data::String(name) = &row[0] else {
            panic!("name {row:?}")
        };
        if name == "合计" {
            continue;
        }
        let n = |d: &Data| match d {
            Data::Float(f) => *f as u64,
            Data::Int(i) => *i as u64,
            other => panic!("number {other:?}"),
        };
        out.push((name.clone(), [n(&row[1]), n(&row[2]), n(&row[3])]));
    }
    out
}

#[test]
fn csv_and_xlsx_downloads_equal_the_stats_page() {
    let (_t, root) = fixture("basic");
    write_log(&root.join("台账.xlsx"), ROWS, None);
    assert!(huimin(&root, &["import", "activities", "台账.xlsx"]).status.success());
    build_ok(&root, &[]);
    let page = read(&root, "public/stats/index.html");
    assert!(page.contains("href=\"/stats/stats.xlsx\"") && page.contains("href=\"/activities/activities.csv\""));
    assert!(read(&root, "public/activities/index.html").contains("href=\"/activities/activities.csv\""));

    // The CSV: BOM, CRLF, every record, formulas neutralised, values as written.
    let csv_bytes = std::fs::read(root.join("public/activities/activities.csv")).expect("csv");
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&csv_bytes[3..]).expect("utf-8");
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "标题");
    assert_eq!(&headers[8], "参与人数");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let doc: serde_json::Value = serde_json::from_str(&read(&root, "public/activities/index.json")).expect("json");
    let list = doc["activities"].as_array().expect("list");
    assert_eq!(rows.len(), list.len());
    for (row, rec) in rows.iter().zip(list) {
        let title = rec["title"].as_str().expect("title");
        if title.starts_with('=') {
            assert_eq!(&row[0], format!("'{title}"), "neutralised");
        } else {
            assert_eq!(&row[0], title);
        }
        assert_eq!(&row[1], rec["date"].as_str().expect("date"));
        assert_eq!(&row[3], rec["category"].as_str().expect("category"));
        let p = rec["participants"].as_u64().map(|p| p.to_string()).unwrap_or_default();
        assert_eq!(&row[8], p);
        assert_eq!(&row[9], rec["sessions"].as_u64().expect("sessions").to_string());
    }
    // The downloaded CSV imports again as the same records (beside the site's own one).
    let (_t2, other) = empty_site();
    std::fs::write(other.join("export.csv"), &csv_bytes).expect("copy csv");
    let out = huimin(&other, &["import", "activities", "export.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("unknown column"), "{}", stderr(&out));
    build_ok(&other, &[]);
    let without_url = |bytes: &[u8]| -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        r.records()
            .map(|x| x.expect("row").iter().take(12).map(str::to_string).collect())
            .collect()
    };
    let mut expected = without_url(&csv_bytes);
    let own = expected
        .iter()
        .find(|r| r[0] == "我与党旗合个影" && r[3] == "红色文化" && r[8] == "860")
        .cloned();
    expected.extend(own);
    expected.sort();
    let mut again = without_url(&std::fs::read(other.join("public/activities/activities.csv")).expect("csv"));
    again.sort();
    assert_eq!(expected, again);

    // The workbook: same figures as the page and as `huimin stats --format json`.
    let xlsx = std::fs::read(root.join("public/stats/stats.xlsx")).expect("xlsx");
    let json = huimin(&root, &["stats", "--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let stats: serde_json::Value = serde_json::from_slice(&json.stdout).expect("stats json");
    for (section, sheet, key) in [
        ("by-category", "按类别", "by_category"),
        ("by-year", "按年份", "by_year"),
        ("by-pillar", "按品牌支柱", "by_pillar"),
        ("by-series", "按系列活动", "by_series"),
    ] {
        let on_page = page_figures(&page, section);
        assert!(!on_page.is_empty(), "{section}");
        assert_eq!(on_page, xlsx_figures(&xlsx, sheet), "{sheet}");
        let cli: Vec<(String, [u64; 3])> = stats[key]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| {
                let n = |k: &str| g[k].as_u64().expect("n");
                (
                    g["name"].as_str().expect("name").to_string(),
                    [n("activities"), n("sessions"), n("participants")],
                )
            })
            .collect();
        assert_eq!(on_page, cli, "{key}");
    }
    let months: Vec<_> = xlsx_figures(&xlsx, "按月份")
        .into_iter()
        .filter(|(_, n)| n[0] > 0)
        .collect();
    let page_months: Vec<_> = page_figures(&page, "by-month")
        .into_iter()
        .filter(|(_, n)| n[0] > 0)
        .collect();
    assert_eq!(months, page_months);

    // Byte-stable: a second build writes the same workbook.
    build_ok(&root, &[]);
    assert_eq!(xlsx, std::fs::read(root.join("public/stats/stats.xlsx")).expect("xlsx"));
}

#[test]
fn stats_command_prints_sentences_and_tables() {
    let (_t, root) = fixture("basic");
    let out = huimin(&root, &["stats", "--year", "2024"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.starts_with("In 2024, 3 activities were held in 6 sessions, reaching 1,500 people; of these, "),
        "{text}"
    );
    assert!(text.contains("By category") && text.contains("Total"), "{text}");
    let zh = std::process::Command::new(env!("CARGO_BIN_EXE_huimin"))
        .args(["stats", "--year", "2024"])
        .current_dir(&root)
        .env("HUIMIN_TODAY", TODAY)
        .env("HUIMIN_LANG", "zh")
        .output()
        .expect("run");
    let zh = String::from_utf8_lossy(&zh.stdout).into_owned();
    assert!(
        zh.starts_with("2024年共开展活动 3 项 6 场次，服务群众 1,500 人次；其中文艺演出 2 项 3 场次、640 人次"),
        "{zh}"
    );
    let csv = huimin(&root, &["stats", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert!(
        csv.starts_with("breakdown,name,activities,sessions,participants\ntotal,,3,6,1500\n"),
        "{csv}"
    );
}

#[test]
fn month_chart_ends_at_the_latest_record() {
    // Records stop in 2024 and today is 2026: the months are those up to 2024-10.
    let (_t, root) = fixture("basic");
    let list = read(&root, "content/activities/2024-songxi.yaml");
    let held_only = &list[..list.find("- title: 新年送戏").expect("2030 record")];
    write(&root, "content/activities/2024-songxi.yaml", held_only);
    build_ok(&root, &[]);
    let page = read(&root, "public/stats/index.html");
    let months = page_figures(&page, "by-month");
    assert_eq!(months.last().map(|m| m.0.as_str()), Some("2024-10"), "{months:?}");
    assert!(
        months.iter().any(|m| m.0.contains(" 至 ")),
        "empty months collapse: {months:?}"
    );
    assert!(page.contains("2022年11月至2024年10月"), "heading");
    // A record planned after today: the months run to today's.
    write(&root, "content/activities/2024-songxi.yaml", &list);
    build_ok(&root, &[]);
    let months = page_figures(&read(&root, "public/stats/index.html"), "by-month");
    assert_eq!(
        months.last().map(|m| m.0.as_str()),
        Some("2024-11 至 2026-01"),
        "{months:?}"
    );
}

/// The showcase's activity log, made here so the repository holds no hand-edited binary: the
/// test writes `showcase/活动台账.xlsx` when it is missing (or `HUIMIN_BLESS=1`) and otherwise
/// checks the committed file is what it makes.
#[test]
fn showcase_log_is_current_and_imports() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = repo.join("showcase/活动台账.xlsx");
    let tmp = tempfile::tempdir().expect("tmp");
    let made = tmp.path().join("活动台账.xlsx");
    write_showcase_log(&made);
    let bytes = std::fs::read(&made).expect("made");
    if !path.exists() || std::env::var_os("HUIMIN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &bytes).expect("write showcase log");
    }
    assert_eq!(
        std::fs::read(&path).expect("committed log"),
        bytes,
        "run with HUIMIN_BLESS=1"
    );
    // The README's round trip on a copy of the showcase.
    let site = tmp.path().join("site");
    for dir in ["content", "static", "themes"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &site.join(dir));
        }
    }
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).expect("site.yaml");
    std::fs::copy(&path, site.join("活动台账.xlsx")).expect("log");
    let out = huimin(&site, &["import", "activities", "活动台账.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    build_ok(&site, &[]);
    assert!(site.join("public/stats/stats.xlsx").is_file());
    assert!(read(&site, "public/activities/activities.csv").contains("非遗进校园"));
}

type Day = (u16, u8, u8);
/// Title, day, end day, category, pillar, series, place, organizer, people, sessions.
type ShowcaseRow = (
    &'static str,
    Day,
    Option<Day>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
);

fn write_showcase_log(path: &Path) {
    let mut book = fixed_book();
    let sheet = book.add_worksheet();
    sheet.set_name("2025年台账").expect("name");
    let bold = Format::new().set_bold();
    sheet
        .merge_range(0, 0, 0, 10, "2025年文旅惠民活动台账（第四季度补录）", &bold)
        .expect("merge");
    let headers = [
        "序号",
        "活动名称",
        "活动日期",
        "结束日期",
        "活动类别",
        "品牌支柱",
        "系列",
        "活动地点",
        "主办单位",
        "服务群众（人次）",
        "场次",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold).expect("header");
    }
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let rows: &[ShowcaseRow] = &[
        (
            "非遗进校园·剪纸课堂",
            (2025, 10, 14),
            None,
            "阅读推广",
            "善于融合",
            "",
            "实验小学",
            "市非遗保护中心",
            320,
            4,
        ),
        (
            "金秋广场舞展演",
            (2025, 10, 25),
            Some((2025, 10, 26)),
            "文艺演出",
            "善于融合",
            "",
            "人民广场",
            "市文化馆",
            1800,
            2,
        ),
        (
            "学习贯彻全会精神宣讲",
            (2025, 11, 6),
            None,
            "理论学习",
            "善于创新",
            "",
            "局机关会议室",
            "局机关党委",
            86,
            1,
        ),
        (
            "冬季送温暖志愿服务",
            (2025, 12, 12),
            None,
            "志愿服务",
            "善于借力",
            "",
            "城东社区",
            "局青年志愿者服务队",
            150,
            3,
        ),
    ];
    for (i, (title, day, end, cat, pillar, series, place, org, people, sessions)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_number(r, 0, (i + 1) as f64).expect("no");
        sheet.write_string(r, 1, *title).expect("title");
        let d = ExcelDateTime::from_ymd(day.0, day.1, day.2).expect("date");
        sheet.write_datetime_with_format(r, 2, &d, &date).expect("date");
        if let Some(e) = end {
            let e = ExcelDateTime::from_ymd(e.0, e.1, e.2).expect("date");
            sheet.write_datetime_with_format(r, 3, &e, &date).expect("end");
        }
        for (c, v) in [(4, cat), (5, pillar), (6, series), (7, place), (8, org)] {
            if !v.is_empty() {
                sheet.write_string(r, c, *v).expect("text");
            }
        }
        sheet.write_number(r, 9, f64::from(*people)).expect("people");
        sheet.write_number(r, 10, f64::from(*sessions)).expect("sessions");
    }
    sheet.set_column_width(1, 28).expect("width");
    sheet.set_column_width(2, 16).expect("width");
    book.save(path).expect("save");
}

#[test]
fn sheets_are_chosen_by_name_and_unreadable_logs_are_explained() {
    let (_t, root) = empty_site();
    let mut book = fixed_book();
    let first = book.add_worksheet();
    first.set_name("说明").expect("name");
    first.write_string(0, 0, "本台账每年一个工作表").expect("text");
    let sheet = book.add_worksheet();
    sheet.set_name("2025年").expect("name");
    for (c, h) in ["标题", "日期", "类别", "场次"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    sheet.write_string(1, 0, "元旦游园会").expect("title");
    sheet.write_number(1, 1, 45658.0).expect("serial"); // 2025-01-01, unformatted
    sheet.write_string(1, 2, "文艺演出").expect("category");
    sheet.write_string(1, 3, "3场").expect("sessions");
    book.save(root.join("台账.xlsx")).expect("save");

    let out = huimin(&root, &["import", "activities", "台账.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: 台账.xlsx:说明: no header row found"),
        "{}",
        stderr(&out)
    );

    let out = huimin(&root, &["import", "activities", "台账.xlsx", "--sheet", "2024年"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("its sheets are: 说明、2025年"),
        "{}",
        stderr(&out)
    );

    let out = huimin(&root, &["import", "activities", "台账.xlsx", "--sheet", "2025年"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&root, "content/activities/台账-2025年.yaml");
    assert!(yaml.starts_with("# huimin import: 台账.xlsx!2025年\n"), "{yaml}");
    assert!(
        yaml.contains("date: 2025-01-01") && yaml.contains("sessions: 3"),
        "{yaml}"
    );

    std::fs::write(root.join("台账.et"), b"not a workbook").expect("write");
    let out = huimin(&root, &["import", "activities", "台账.et"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("另存为") || stderr(&out).contains("*.xlsx"),
        "{}",
        stderr(&out)
    );
}
