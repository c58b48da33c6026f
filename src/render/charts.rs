//! Server-side inline SVG charts, so statistics pages work without JavaScript on old PCs and phones.
//!
//! Every chart is an `<svg role="img">` whose accessible name is its `<title>` plus a `<desc>` that lists
//! all figures in words, so screen-reader users get the same numbers as sighted users. The `viewBox` is
//! 320 units wide and the svg has `width="100%"`: on a 360 px phone (about 320–340 px of content width)
//! one unit is about one CSS pixel, so the 16-unit bar labels stay at least 14 px. Colours are presentation
//! attributes (Party red `#b71c1c` bars, `#222` text on a white background) that the site CSS can override
//! through the classes `chart`, `chart-bg`, `chart-bar`, `chart-label`, `chart-link`, `chart-value`,
//! `chart-axis`, `chart-grid`, `chart-hit` and `chart-empty`.
//!
//! Output depends only on the input, so rebuilding the site gives byte-identical pages.

/// Width of every chart's coordinate system, chosen to match a phone's content width.
const VIEW_W: f64 = 320.0;
/// Outer margin inside the viewBox.
const MARGIN: f64 = 4.0;
const BAR_COLOUR: &str = "#b71c1c";
const TEXT_COLOUR: &str = "#222";
const AXIS_COLOUR: &str = "#666";
const GRID_COLOUR: &str = "#ddd";

/// Bar chart metrics (viewBox units; ≈ CSS px at 360 px screen width).
const BAR_FONT: f64 = 16.0;
const BAR_LINE_H: f64 = 22.0;
const BAR_H: f64 = 20.0;
const BAR_ROW_GAP: f64 = 14.0;
/// A bar area narrower than this would make differences unreadable; the value then goes below the bar.
const MIN_BAR_AREA: f64 = 120.0;

/// Column chart metrics.
const COL_FONT: f64 = 14.0;
const COL_PLOT_H: f64 = 160.0;
const COL_ROW_H: f64 = 19.0;

/// One bar.
pub struct Bar {
    /// Category or period shown next to the bar.
    pub label: String,
    /// The figure; the largest value spans the full bar length.
    pub value: u64,
    /// Optional page the bar links to (e.g. the list of activities of that type).
    pub url: Option<String>,
}

/// Horizontal bar chart (labels left, bars, value at bar end). `id` is unique on the page (used for aria ids).
///
/// Each label sits on its own row above its bar, so long Chinese labels stay legible on a phone instead of
/// squeezing the bars; labels that do not fit the width are wrapped onto further rows.
pub fn bar_chart(id: &str, title: &str, bars: &[Bar], unit: &str) -> String {
    let id = sanitize_id(id);
    if bars.is_empty() {
        return empty_chart(&id, title);
    }
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let value_texts: Vec<String> = bars.iter().map(|b| value_text(b.value, unit)).collect();
    let reserve = value_texts.iter().map(|t| text_width(t, BAR_FONT)).fold(0.0, f64::max) + 6.0;
    let inner_w = VIEW_W - 2.0 * MARGIN;
    let value_below = inner_w - reserve < MIN_BAR_AREA;
    let bar_area = if value_below { inner_w } else { inner_w - reserve };

    let mut body = String::new();
    let mut y = MARGIN;
    for (bar, value_label) in bars.iter().zip(&value_texts) {
        let lines = wrap_text(&bar.label, inner_w, BAR_FONT);
        let row_top = y;
        let href = bar.url.as_deref().and_then(safe_href);
        let mut row = String::new();
        let link_attr = if href.is_some() {
            " chart-link\" text-decoration=\"underline"
        } else {
            ""
        };
        for line in &lines {
            y += BAR_LINE_H;
            row.push_str(&format!(
                "<text class=\"chart-label{link_attr}\" x=\"{}\" y=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
                num(MARGIN),
                num(y - 5.0),
                crate::escape::xml(line)
            ));
        }
        y += 4.0;
        let len = scale(bar.value, max, bar_area);
        row.push_str(&format!(
            "<line class=\"chart-axis\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{AXIS_COLOUR}\"/>",
            num(y - 2.0),
            num(y + BAR_H + 2.0),
            x = num(MARGIN),
        ));
        row.push_str(&format!(
            "<rect class=\"chart-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR_COLOUR}\"/>",
            num(MARGIN),
            num(y),
            num(len),
            num(BAR_H)
        ));
        let (vx, vy) = if value_below {
            y += BAR_LINE_H;
            (MARGIN, y + BAR_H - 1.0)
        } else {
            (MARGIN + len + 6.0, y + BAR_H - 4.0)
        };
        row.push_str(&format!(
            "<text class=\"chart-value\" x=\"{}\" y=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
            num(vx),
            num(vy),
            crate::escape::xml(value_label)
        ));
        y += BAR_H + BAR_ROW_GAP;
        match href {
            Some(href) => {
                // The whole row is the link target: bigger than the label alone, which helps on phones.
                let hit = format!(
                    "<rect class=\"chart-hit\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0\"/>",
                    num(row_top),
                    num(VIEW_W),
                    num(y - row_top - BAR_ROW_GAP / 2.0)
                );
                let href = crate::escape::xml(&href);
                body.push_str(&format!("<a href=\"{href}\" xlink:href=\"{href}\">{hit}{row}</a>"));
            }
            None => body.push_str(&row),
        }
    }
    let height = y - BAR_ROW_GAP + MARGIN;
    let desc = describe(bars.iter().map(|b| (b.label.trim().to_owned(), b.value)), unit);
    let linked = bars.iter().any(|b| b.url.is_some());
    let mut out = svg_open(&id, "chart chart-bar-chart", height, title, &desc, linked);
    out.push_str(&format!("<g font-size=\"{}\">", num(BAR_FONT)));
    out.push_str(&body);
    out.push_str("</g></svg>");
    out
}

/// Vertical column chart over time (e.g. activities per month over 24 months); labels like "2024-07" or "7月".
///
/// When every label is `YYYY-MM`, the axis shows months as "7月" (every 1st/2nd/3rd… month, whatever fits)
/// with the year on a second row at each January, which stays legible at 360 px even for 24 months.
/// Other labels are thinned to every n-th one. Value labels above the columns appear only when they fit;
/// each column also carries a tooltip, and the `<desc>` lists every figure.
pub fn column_chart(id: &str, title: &str, columns: &[Bar], unit: &str) -> String {
    let id = sanitize_id(id);
    if columns.is_empty() {
        return empty_chart(&id, title);
    }
    let n = columns.len();
    let max = columns.iter().map(|c| c.value).max().unwrap_or(0);
    let months: Option<Vec<(i32, u32)>> = columns.iter().map(|c| parse_year_month(&c.label)).collect();
    let spoken: Vec<String> = match &months {
        Some(ms) => ms.iter().map(|(y, m)| format!("{y}年{m}月")).collect(),
        None => columns.iter().map(|c| c.label.trim().to_owned()).collect(),
    };

    let max_label = group_digits(max);
    let plot_x0 = MARGIN + text_width(&max_label, COL_FONT).max(text_width("0", COL_FONT)) + 6.0;
    let plot_x1 = VIEW_W - MARGIN;
    let slot = (plot_x1 - plot_x0) / n as f64;
    let col_w = (slot * 0.7).min(40.0);
    let show_values = columns
        .iter()
        .all(|c| text_width(&group_digits(c.value), COL_FONT) + 2.0 <= slot);

    let mut top = MARGIN;
    let mut body = String::new();
    if !unit.trim().is_empty() {
        top += COL_ROW_H;
        body.push_str(&format!(
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" fill=\"{TEXT_COLOUR}\">单位：{}</text>",
            num(MARGIN),
            num(top - 5.0),
            crate::escape::xml(unit.trim())
        ));
    }
    // Room for the value label above the tallest column, and keeps the top tick label inside the viewBox.
    top += if show_values { COL_ROW_H } else { 8.0 };
    let base = top + COL_PLOT_H;

    // Grid: top line at the maximum, a faint middle line, and the baseline axis.
    for (y, class, colour) in [
        (top, "chart-grid", GRID_COLOUR),
        (top + COL_PLOT_H / 2.0, "chart-grid", GRID_COLOUR),
    ] {
        body.push_str(&format!(
            "<line class=\"{class}\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\"/>",
            num(plot_x0),
            num(plot_x1),
            y = num(y)
        ));
    }
    for (y, text) in [(top, max_label.as_str()), (base, "0")] {
        body.push_str(&format!(
            "<text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{TEXT_COLOUR}\">{}</text>",
            num(plot_x0 - 4.0),
            num(y + 5.0),
            text
        ));
    }

    for (i, (col, said)) in columns.iter().zip(&spoken).enumerate() {
        let slot_x = plot_x0 + slot * i as f64;
        let h = scale(col.value, max, COL_PLOT_H);
        let mut piece = format!(
            "<rect class=\"chart-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR_COLOUR}\"><title>{}：{}</title></rect>",
            num(slot_x + (slot - col_w) / 2.0),
            num(base - h),
            num(col_w),
            num(h),
            crate::escape::xml(said),
            crate::escape::xml(&value_text(col.value, unit))
        );
        if show_values {
            piece.push_str(&format!(
                "<text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">{}</text>",
                num(slot_x + slot / 2.0),
                num(base - h - 4.0),
                group_digits(col.value)
            ));
        }
        match col.url.as_deref().and_then(safe_href) {
            Some(href) => {
                let hit = format!(
                    "<rect class=\"chart-hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0\"/>",
                    num(slot_x),
                    num(top),
                    num(slot),
                    num(COL_PLOT_H)
                );
                let href = crate::escape::xml(&href);
                body.push_str(&format!("<a href=\"{href}\" xlink:href=\"{href}\">{hit}{piece}</a>"));
            }
            None => body.push_str(&piece),
        }
    }
    body.push_str(&format!(
        "<line class=\"chart-axis\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{AXIS_COLOUR}\"/>",
        num(plot_x0),
        num(plot_x1),
        y = num(base)
    ));

    // Category axis labels, thinned so that none overlap.
    let row1 = base + COL_ROW_H;
    let centre = |i: usize| plot_x0 + slot * (i as f64 + 0.5);
    let mut height = row1 + MARGIN;
    match &months {
        Some(ms) => {
            let step = [1, 2, 3, 4, 6, 12]
                .into_iter()
                // Widest neighbours are "10月" and "1月"; their centres must be half of each apart plus a gap.
                .find(|k| *k as f64 * slot >= (text_width("10月", COL_FONT) + text_width("1月", COL_FONT)) / 2.0 + 4.0)
                .unwrap_or(12);
            let ticks = ms
                .iter()
                .enumerate()
                .filter(|(_, (_, m))| (m - 1) % step == 0)
                .map(|(i, (_, m))| (centre(i), format!("{m}月")));
            push_axis_labels(&mut body, ticks, row1, true);
            // Year row: at each January, and at the first column when there is room before the next January.
            let row2 = row1 + COL_ROW_H;
            let years = ms
                .iter()
                .enumerate()
                .filter(|(i, (_, m))| *i == 0 || *m == 1)
                .map(|(i, (y, _))| (plot_x0 + slot * i as f64, format!("{y}年")));
            push_axis_labels(&mut body, years, row2, false);
            height = row2 + MARGIN;
        }
        None => {
            let widest = columns
                .iter()
                .map(|c| text_width(c.label.trim(), COL_FONT))
                .fold(0.0, f64::max);
            let step = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
            let ticks = columns
                .iter()
                .enumerate()
                .filter(|(i, _)| i % step == 0)
                .map(|(i, c)| (centre(i), c.label.trim().to_owned()));
            push_axis_labels(&mut body, ticks, row1, true);
        }
    }

    let desc = describe(spoken.into_iter().zip(columns.iter().map(|c| c.value)), unit);
    let mut out = svg_open(&id, "chart chart-column-chart", height, title, &desc, false);
    out.push_str(&format!("<g font-size=\"{}\">", num(COL_FONT)));
    out.push_str(&body);
    out.push_str("</g></svg>");
    out
}

/// Writes axis labels left to right, skipping any that would overlap the previous one or leave the viewBox.
/// `centred` labels are centred on x (clamped to the viewBox); otherwise they start at x.
fn push_axis_labels(body: &mut String, labels: impl Iterator<Item = (f64, String)>, y: f64, centred: bool) {
    let mut last_end = f64::NEG_INFINITY;
    let mut pending: Vec<(f64, String)> = Vec::new();
    for (x, text) in labels {
        let w = text_width(&text, COL_FONT);
        let start = if centred {
            (x - w / 2.0).clamp(0.0, (VIEW_W - w).max(0.0))
        } else {
            x
        };
        if start < last_end + 4.0 || start + w > VIEW_W {
            // Keep the later label (e.g. a January year label) over an earlier one that collides with it.
            if !centred && pending.last().is_some_and(|(s, _)| *s < start) && start + w <= VIEW_W {
                pending.pop();
                last_end = pending
                    .last()
                    .map_or(f64::NEG_INFINITY, |(s, t)| s + text_width(t, COL_FONT));
                if start >= last_end + 4.0 {
                    last_end = start + w;
                    pending.push((start, text));
                }
            }
            continue;
        }
        last_end = start + w;
        pending.push((start, text));
    }
    for (start, text) in pending {
        body.push_str(&format!(
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
            num(start),
            num(y - 4.0),
            crate::escape::xml(&text)
        ));
    }
}

/// `2024-07` or `2024-7` → (2024, 7).
fn parse_year_month(label: &str) -> Option<(i32, u32)> {
    let (y, m) = label.trim().split_once('-')?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || m.is_empty() || m.len() > 2 {
        return None;
    }
    if !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = m.parse().ok()?;
    (1..=12).contains(&month).then_some((y.parse().ok()?, month))
}

/// The opening tag plus `<title>`, `<desc>` and a white background so the text contrast holds on any page colour.
/// A chart with links is a `group` (an `img` may not hold focusable links); otherwise an `img`.
fn svg_open(id: &str, class: &str, height: f64, title: &str, desc: &str, linked: bool) -> String {
    let id = crate::escape::xml(id);
    let role = if linked { "group" } else { "img" };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" id=\"{id}\" \
         class=\"{class}\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"{role}\" \
         aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>\
         <rect class=\"chart-bg\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>",
        w = num(VIEW_W),
        h = num(height),
        title = crate::escape::xml(title.trim()),
        desc = crate::escape::xml(desc),
    )
}

/// A small but valid chart that says there is nothing to show, so templates need no special case.
fn empty_chart(id: &str, title: &str) -> String {
    let mut out = svg_open(id, "chart chart-empty", 48.0, title, "暂无数据", false);
    out.push_str(&format!(
        "<text class=\"chart-label\" x=\"{}\" y=\"30\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\">暂无数据</text></svg>",
        num(VIEW_W / 2.0),
        num(BAR_FONT)
    ));
    out
}

/// "红色文化 12 场，志愿服务 8 场；合计 20 场。" — every figure in words for screen readers.
fn describe(items: impl Iterator<Item = (String, u64)>, unit: &str) -> String {
    let mut total: u64 = 0;
    let parts: Vec<String> = items
        .map(|(label, value)| {
            total = total.saturating_add(value);
            format!("{label} {}", value_text(value, unit))
        })
        .collect();
    format!("{}；合计 {}。", parts.join("，"), value_text(total, unit))
}

/// "12,345 人次"; just the number when there is no unit.
fn value_text(value: u64, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        group_digits(value)
    } else {
        format!("{} {unit}", group_digits(value))
    }
}

/// 12345 → "12,345", as the theme's `num` filter writes figures.
fn group_digits(value: u64) -> String {
    super::theme::group_digits(i128::from(value))
}

/// Length for `value` when `max` spans `full`; exact integer ratio first so the maximum is exactly `full`.
fn scale(value: u64, max: u64, full: f64) -> f64 {
    if max == 0 || value == 0 {
        0.0
    } else if value == max {
        full
    } else {
        full * (value as f64 / max as f64)
    }
}

/// Coordinates with at most two decimals and no trailing zeros, formatted the same way on every build.
fn num(x: f64) -> String {
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Rough rendered width, erring on the wide side so text is not clipped: CJK and full-width characters take
/// one em, digits 0.58 em, other Latin characters 0.62 em.
fn text_width(s: &str, font: f64) -> f64 {
    s.chars().map(|c| char_em(c) * font).sum()
}

fn char_em(c: char) -> f64 {
    match c as u32 {
        0x20 => 0.3,
        0x30..=0x39 | 0x2c | 0x2e => 0.58,
        0x21..=0x7e => 0.62,
        0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f | 0xff00..=0xff60 => {
            1.0
        }
        0xffe0..=0xffe6 | 0x1f300..=0x1faff | 0x20000..=0x3fffd => 1.0,
        _ => 0.7,
    }
}

/// Greedy wrap into lines no wider than `max_w`; never loses characters.
fn wrap_text(s: &str, max_w: f64, font: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0.0;
    for c in s.trim().chars().filter(|c| !c.is_control()) {
        let cw = char_em(c) * font;
        if w + cw > max_w && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            w = 0.0;
        }
        line.push(c);
        w += cw;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// IDs are used in the space-separated `aria-labelledby` list, so they must not contain whitespace.
fn sanitize_id(id: &str) -> String {
    let id: String = id
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    if id.is_empty() {
        "chart".to_owned()
    } else {
        id
    }
}

/// Links come from site data; refuse script-running schemes and empty targets.
fn safe_href(url: &str) -> Option<String> {
    let url: String = url.trim().chars().filter(|c| !c.is_control()).collect();
    let blocked = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| !scheme.contains(['/', '?', '#']))
        .is_some_and(|scheme| {
            let scheme: String = scheme.chars().filter(|c| !c.is_whitespace()).collect();
            matches!(scheme.to_ascii_lowercase().as_str(), "javascript" | "vbscript" | "data")
        });
    if url.is_empty() || blocked {
        None
    } else {
        Some(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: u64) -> Bar {
        Bar {
            label: label.to_owned(),
            value,
            url: None,
        }
    }

    fn months(n: usize) -> Vec<Bar> {
        (0..n)
            .map(|i| {
                bar(
                    &format!("{}-{:02}", 2023 + (6 + i) / 12, (6 + i) % 12 + 1),
                    (i as u64 * 7) % 13,
                )
            })
            .collect()
    }

    /// Widths of all `chart-bar` rects, in order.
    fn attr_values(svg: &str, class: &str, attr: &str) -> Vec<f64> {
        svg.split(&format!("class=\"{class}\""))
            .skip(1)
            .map(|rest| {
                let start = rest.find(&format!(" {attr}=\"")).unwrap() + attr.len() + 3;
                let end = start + rest[start..].find('"').unwrap();
                rest[start..end].parse().unwrap()
            })
            .collect()
    }

    /// Well-formedness check without an XML crate: tags balance and no raw `<`/`&` leaks from text.
    fn assert_balanced(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            let close = open + rest[open..].find('>').expect("unclosed tag");
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "raw < inside tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or_default().to_owned());
            }
            let text = &rest[close + 1..rest[close + 1..].find('<').map_or(rest.len(), |i| close + 1 + i)];
            for (i, _) in text.match_indices('&') {
                let entity = &text[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bare & in {text}"
                );
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn groups_digits() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(12345), "12,345");
        assert_eq!(group_digits(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(value_text(12345, "人次"), "12,345 人次");
        assert_eq!(value_text(7, ""), "7");
    }

    #[test]
    fn escapes_all_text() {
        let bars = [
            Bar {
                label: "<script>alert('x')</script>".into(),
                value: 3,
                url: Some("/a?b=1&c=\"2\"".into()),
            },
            bar("A & B", 1),
        ];
        for svg in [
            bar_chart("c1", "标题 <b>&", &bars, "场<"),
            column_chart("c2", "标题 <b>&", &bars, "场<"),
        ] {
            assert!(!svg.contains("<script>"));
            assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
            assert!(svg.contains("A &amp; B"));
            assert!(svg.contains("<title id=\"c"));
            assert!(svg.contains("标题 &lt;b&gt;&amp;</title>"));
            assert!(svg.contains("href=\"/a?b=1&amp;c=&quot;2&quot;\""));
            assert_balanced(&svg);
        }
    }

    #[test]
    fn charts_with_links_are_groups_not_images() {
        let mut linked = bar("红色文化", 12);
        linked.url = Some("/categories/hong-se-wen-hua/".into());
        let svg = bar_chart("c", "活动类型", &[linked, bar("志愿服务", 8)], "场");
        assert!(svg.contains("role=\"group\"") && !svg.contains("role=\"img\""), "{svg}");
        assert!(svg.contains("aria-labelledby=\"c-title c-desc\""));
    }

    #[test]
    fn has_ids_and_aria() {
        let bars = [bar("红色文化", 12), bar("志愿服务", 8)];
        let svg = bar_chart("stats by type", "活动类型", &bars, "场");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("id=\"stats-by-type\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"stats-by-type-title stats-by-type-desc\""));
        assert!(svg.contains("<title id=\"stats-by-type-title\">活动类型</title>"));
        assert!(svg.contains("<desc id=\"stats-by-type-desc\">红色文化 12 场，志愿服务 8 场；合计 20 场。</desc>"));
        assert!(svg.contains("width=\"100%\"") && svg.contains("viewBox=\"0 0 320 "));
        assert!(!svg.contains("height=\"100%\""));
        assert!(svg.contains("class=\"chart-bar\"") && svg.contains("fill=\"#b71c1c\""));
        assert!(svg.contains("class=\"chart-label\"") && svg.contains("class=\"chart-value\""));
        assert!(svg.contains("class=\"chart-axis\"") && svg.contains("fill=\"#222\""));
        assert!(svg.contains(">12 场</text>") && svg.contains(">8 场</text>"));
        assert!(svg.contains("font-size=\"16\""));
        assert_balanced(&svg);

        let col = column_chart("m", "每月活动", &months(24), "场");
        assert!(col.contains("role=\"img\"") && col.contains("aria-labelledby=\"m-title m-desc\""));
        assert!(col.contains("<desc id=\"m-desc\">2023年7月 0 场，2023年8月 7 场，"));
        assert_balanced(&col);
    }

    #[test]
    fn empty_input_says_no_data() {
        for svg in [bar_chart("e", "空", &[], "场"), column_chart("e", "空", &[], "场")] {
            assert!(svg.contains("暂无数据</text>"));
            assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"e-title e-desc\""));
            assert!(svg.ends_with("</svg>"));
            assert_balanced(&svg);
        }
    }

    #[test]
    fn bar_scaling() {
        let bars = [bar("a", 50), bar("最大", 200), bar("零", 0), bar("b", 100)];
        let svg = bar_chart("s", "t", &bars, "人次");
        let widths = attr_values(&svg, "chart-bar", "width");
        assert_eq!(widths.len(), 4);
        let full = widths[1];
        assert!(widths.iter().all(|w| *w <= full));
        assert_eq!(widths[2], 0.0);
        assert!((widths[0] - full / 4.0).abs() < 0.01 && (widths[3] - full / 2.0).abs() < 0.01);
        // Full width = everything but the margins and the room kept for the widest value label.
        let reserve = text_width("200 人次", BAR_FONT) + 6.0;
        assert!((full - (VIEW_W - 2.0 * MARGIN - reserve)).abs() < 0.01);
        assert!(svg.contains(">0 人次</text>"));
        // The widest value label still ends inside the viewBox.
        let value_x = attr_values(&svg, "chart-value", "x");
        assert!(value_x[1] + text_width("200 人次", BAR_FONT) <= VIEW_W);

        let all_zero = bar_chart("z", "t", &[bar("a", 0), bar("b", 0)], "");
        assert_eq!(attr_values(&all_zero, "chart-bar", "width"), vec![0.0, 0.0]);
    }

    #[test]
    fn huge_values_go_below_the_bar() {
        let svg = bar_chart("h", "t", &[bar("a", u64::MAX), bar("b", 1)], "人次");
        let widths = attr_values(&svg, "chart-bar", "width");
        assert_eq!(widths[0], VIEW_W - 2.0 * MARGIN);
        assert!(svg.contains(">18,446,744,073,709,551,615 人次</text>"));
    }

    #[test]
    fn column_scaling_and_month_axis() {
        let cols = months(24);
        let svg = column_chart("m", "t", &cols, "场");
        let heights = attr_values(&svg, "chart-bar", "height");
        assert_eq!(heights.len(), 24);
        assert_eq!(heights.iter().cloned().fold(0.0, f64::max), COL_PLOT_H);
        assert_eq!(heights[0], 0.0);
        // Month labels: every 3rd month, years at January.
        assert!(svg.contains(">7月</text>") && svg.contains(">10月</text>") && svg.contains(">1月</text>"));
        assert!(!svg.contains(">8月</text>"));
        assert!(svg.contains(">2024年</text>") && svg.contains(">2025年</text>"));
        assert!(svg.contains("<title>2024年7月：6 场</title>"));
        assert!(svg.contains(">单位：场</text>"));
        // Labels never overlap and stay inside the viewBox (one row at a time).
        let xs = attr_values(&svg, "chart-label", "x");
        assert!(xs.iter().all(|x| (0.0..VIEW_W).contains(x)));

        let few = column_chart("f", "t", &[bar("7月", 1234), bar("8月", 0), bar("9月", 617)], "人次");
        assert!(few.contains(">1,234</text>") && few.contains(">7月</text>") && few.contains(">9月</text>"));
        let heights = attr_values(&few, "chart-bar", "height");
        assert_eq!(heights, vec![COL_PLOT_H, 0.0, COL_PLOT_H * 617.0 / 1234.0]);
    }

    #[test]
    fn long_labels_wrap_without_loss() {
        let label = "新时代文明实践中心志愿服务暨红色文化进社区系列宣讲活动（第二季）";
        let svg = bar_chart("w", "t", &[bar(label, 3)], "场");
        let texts: String = svg
            .split("class=\"chart-label\"")
            .skip(1)
            .map(|rest| {
                let start = rest.find('>').unwrap() + 1;
                &rest[start..start + rest[start..].find('<').unwrap()]
            })
            .collect();
        assert_eq!(texts, label);
        assert!(svg.matches("class=\"chart-label\"").count() >= 2);
    }

    #[test]
    fn links_are_wrapped_and_unsafe_schemes_dropped() {
        let bars = [
            Bar {
                label: "红色文化".into(),
                value: 2,
                url: Some("/huodong/hongse/".into()),
            },
            Bar {
                label: "坏链接".into(),
                value: 1,
                url: Some(" JavaScript:alert(1)".into()),
            },
        ];
        let svg = bar_chart("l", "t", &bars, "场");
        assert!(svg.contains("<a href=\"/huodong/hongse/\" xlink:href=\"/huodong/hongse/\">"));
        assert!(svg.contains("chart-link\" text-decoration=\"underline\""));
        assert!(!svg.to_ascii_lowercase().contains("javascript"));
        assert_eq!(svg.matches("<a ").count(), 1);
        assert_eq!(
            safe_href("https://example.org/a:b"),
            Some("https://example.org/a:b".into())
        );
        assert_eq!(safe_href("/x/y:z"), Some("/x/y:z".into()));
        assert_eq!(safe_href("data:text/html,hi"), None);
        assert_eq!(safe_href("   "), None);
    }

    #[test]
    fn deterministic() {
        let bars = [bar("红色文化", 12), bar("志愿服务", 8), bar("非遗", 12345)];
        assert_eq!(bar_chart("d", "t", &bars, "场"), bar_chart("d", "t", &bars, "场"));
        let cols = months(24);
        assert_eq!(column_chart("d", "t", &cols, "场"), column_chart("d", "t", &cols, "场"));
    }
}
