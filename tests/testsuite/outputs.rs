//! Machine-readable outputs whose exact bytes are a contract: the calendar and the open data.

use crate::helper::Case;

#[test]
fn calendar_and_open_data_are_exactly_as_expected() {
    let case = Case::new("basic");
    let run = case.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    case.expect("calendar.ics", &case.read("public/activities/calendar.ics"));
    case.expect("index.json", &case.read("public/activities/index.json"));
}
