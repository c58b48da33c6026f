//! Every mistake in every file of a run, each at its own line and column.

use crate::helper::Case;

#[test]
fn every_mistake_in_every_file_is_reported_at_once() {
    let case = Case::new("mistakes");
    let run = case.run(&["check"]);
    assert_eq!(run.code, 1);
    case.expect("check.stderr", &run.stderr);
    let json = case.run(&["check", "--format", "json"]);
    case.expect("check.json", &json.stdout);
}

#[test]
fn five_mistakes_in_one_article_give_five_errors() {
    let case = Case::new("mistakes");
    let json = case.run(&["check", "--format", "json"]);
    let at: Vec<(u64, u64)> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .filter(|v| v["file"] == "content/articles/five.md")
        .map(|v| (v["line"].as_u64().unwrap_or(0), v["column"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(at, [(3, 7), (4, 1), (5, 1), (6, 8), (7, 8)]);
}

#[test]
fn the_second_and_fourth_records_of_a_list_are_both_reported() {
    let case = Case::new("mistakes");
    let run = case.run(&["check"]);
    for line in [
        "error: content/activities/list.yaml:8:17: `participants`",
        "error: content/activities/list.yaml:14:3: missing required key `category`",
        "error: content/activities/list.yaml:16:3: unknown key `categroy`",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.starts_with(line)),
            "no «{line}» in\n{}",
            run.stderr
        );
    }
}

/// `error: path:line:col:` of every diagnostic line.
fn prefixes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .map(|l| {
            let mut parts = l.splitn(5, ':');
            let kind = parts.next().unwrap_or("");
            let file = parts.next().unwrap_or("");
            let line = parts.next().unwrap_or("");
            let col = parts.next().unwrap_or("");
            format!("{kind}:{file}:{line}:{col}:")
        })
        .collect()
}

#[test]
fn chinese_messages_keep_the_same_prefixes_codes_and_positions() {
    let case = Case::new("mistakes");
    let zh = case.run_in("zh", &["check"]);
    let en = case.run_in("en", &["check"]);
    assert_eq!(zh.code, en.code);
    assert_eq!(prefixes(&zh.stderr), prefixes(&en.stderr));
    assert!(
        zh.stderr
            .contains("`participants`（参与人数）应为不小于 0 的整数，这里写的是“很多”"),
        "{}",
        zh.stderr
    );
    case.expect("check.zh.stderr", &zh.stderr);
    let strip = |out: &str| -> Vec<serde_json::Value> {
        out.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).expect("json");
                v.as_object_mut().map(|o| {
                    o.remove("message");
                    o.remove("help")
                });
                v
            })
            .collect()
    };
    let zh_json = case.run_in("zh", &["check", "--format", "json"]);
    let en_json = case.run_in("en", &["check", "--format", "json"]);
    assert_eq!(
        strip(&zh_json.stdout),
        strip(&en_json.stdout),
        "same keys, codes and positions"
    );
}
