pub struct Bar {
    pub label: String,
    pub value: u64,
    pub url: Option<String>,
}
pub fn bar_chart(_id: &str, _t: &str, _b: &[Bar], _u: &str) -> String {
    String::new()
}
pub fn column_chart(_id: &str, _t: &str, _b: &[Bar], _u: &str) -> String {
    String::new()
}
