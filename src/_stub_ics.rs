use chrono::NaiveDate;
pub struct IcsEvent<'a> {
    pub uid: String,
    pub start: NaiveDate,
    pub end_inclusive: NaiveDate,
    pub summary: &'a str,
    pub location: Option<&'a str>,
    pub description: Option<&'a str>,
    pub url: String,
    pub categories: Vec<&'a str>,
}
pub fn calendar(_name: &str, _h: &str, _e: &[IcsEvent]) -> String {
    String::new()
}
