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
