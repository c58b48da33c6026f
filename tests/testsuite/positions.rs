//! Positions are recorded once, when a file is parsed: the same content with LF, CRLF or
//! old-Mac CR line ends, with or without a BOM, reports every kind of error at the same place.

use crate::helper::Case;

/// Every diagnostic as `file:line:col code`, one per line.
fn positions(case: &Case) -> String {
    let run = case.run(&["check", "--format", "json"]);
    run.stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            format!(
                "{}:{}:{} {}",
                v["file"].as_str().unwrap_or(""),
                v["line"],
                v["column"],
                v["code"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rewrite(case: &Case, f: impl Fn(&str) -> Vec<u8>) {
    for rel in [
        "site.yaml",
        "content/articles/every-kind.md",
        "content/activities/body.yaml",
    ] {
        let text = case.read(rel);
        case.write(rel, f(&text));
    }
}

#[test]
fn every_kind_of_error_is_located_the_same_whatever_the_line_ends() {
    let lf = Case::new("positions");
    let expected = positions(&lf);
    lf.expect("positions.txt", &format!("{expected}\n"));
    type Rewrite = fn(&str) -> Vec<u8>;
    let variants: [(&str, Rewrite); 4] = [
        ("CRLF", |t| t.replace('\n', "\r\n").into_bytes()),
        ("CR", |t| t.replace('\n', "\r").into_bytes()),
        ("BOM + LF", |t| format!("\u{feff}{t}").into_bytes()),
        ("BOM + CRLF", |t| {
            format!("\u{feff}{}", t.replace('\n', "\r\n")).into_bytes()
        }),
    ];
    for (name, f) in variants {
        let case = Case::new("positions");
        rewrite(&case, f);
        assert_eq!(positions(&case), expected, "{name} line ends moved a position");
    }
}

#[test]
fn a_body_that_mentions_images_does_not_move_the_images_key() {
    let case = Case::new("positions");
    let run = case.run(&["check"]);
    assert!(
        // Line 7, at the list item (column 10), not the `images:` text inside the body.
        run.stderr.contains("error: content/activities/body.yaml:7:10: images:"),
        "{}",
        run.stderr
    );
}
