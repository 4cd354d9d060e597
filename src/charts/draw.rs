//! Drawing a chart: the SVG (title, description, grid with round ticks, series, legend),
//! its caption and the table of its numbers. Pure: the same table gives the same bytes.

use std::fmt::Write as _;

use super::{ChartKind, ChartSpec, Table};

/// Geometry of the drawing, in SVG units: it scales to the column's width, so text
/// stays about 12 px on a phone.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 10.0;
/// Room above the plot for the unit and the legend, on one line.
const TOP: f64 = 30.0;
const BOTTOM: f64 = 28.0;

/// The chart: a `<figure>` of the SVG and a caption with its sources (already HTML),
/// then the data table (a figure's caption must come first or last, so the table follows it).
pub(crate) fn figure(spec: &ChartSpec, table: &Table, id: &str, sources_html: &str) -> String {
    let mut html = format!("<div class=\"chart\" id=\"{id}\">\n<figure>\n");
    html.push_str(&svg(spec, table, id));
    let _ = write!(html, "<figcaption>{}", esc(&spec.title));
    if !sources_html.is_empty() {
        let _ = write!(
            html,
            ". <span class=\"chart-source\">Source: {sources_html}</span>"
        );
    }
    html.push_str("</figcaption>\n</figure>\n");
    html.push_str(&data_table(spec, table));
    html.push_str("</div>\n");
    html
}

fn svg(spec: &ChartSpec, table: &Table, id: &str) -> String {
    let values = table.series.iter().flat_map(|(_, v)| v.iter().flatten().copied());
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let ticks = nice_ticks(low, high);
    let (bottom, top) = (ticks[0], ticks[ticks.len() - 1]);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y_at = |v: f64| TOP + plot_h * (1.0 - (v - bottom) / (top - bottom));
    let n = table.x.len();
    let band = plot_w / n as f64;
    let x_at = |i: usize| LEFT + band * (i as f64 + 0.5);
    let mut s = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        esc(&spec.title),
        esc(&describe(spec, table)),
    );
    s.push_str("<g class=\"chart-grid\">\n");
    for &tick in &ticks {
        let y = y_at(tick);
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            format_number(tick)
        );
    }
    s.push_str("</g>\n<g class=\"chart-x\">\n");
    let every = n.div_ceil(6).max(1);
    for (i, label) in table.x.iter().enumerate() {
        if i % every == 0 || i == n - 1 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x_at(i),
                HEIGHT - BOTTOM + 16.0,
                esc(label)
            );
        }
    }
    s.push_str("</g>\n");
    // The unit, then the legend, on the line above the plot.
    let mut legend_x = 4.0;
    if let Some(unit) = &spec.unit {
        let _ = writeln!(
            s,
            "<text class=\"chart-unit\" x=\"4\" y=\"14\">{}</text>",
            esc(unit)
        );
        legend_x += 16.0 + 7.0 * unit.chars().count() as f64;
    }
    for (k, (_, values)) in table.series.iter().enumerate() {
        let _ = writeln!(s, "<g class=\"chart-series s{k}\">");
        match spec.kind {
            ChartKind::Line => draw_line(&mut s, values, &x_at, &y_at),
            ChartKind::Bar => {
                let count = table.series.len() as f64;
                let width = band * 0.8 / count;
                for (i, value) in values.iter().enumerate() {
                    if let Some(v) = value {
                        let x = LEFT + band * i as f64 + band * 0.1 + width * k as f64;
                        let (y0, y1) = (y_at(v.max(0.0)), y_at(v.min(0.0)));
                        let _ = writeln!(
                            s,
                            "<rect x=\"{x:.1}\" y=\"{y0:.1}\" width=\"{width:.1}\" height=\"{:.1}\"/>",
                            (y1 - y0).max(0.5)
                        );
                    }
                }
            }
        }
        s.push_str("</g>\n");
    }
    if table.series.len() > 1 {
        s.push_str("<g class=\"chart-legend\">\n");
        let mut x = legend_x;
        for (k, (name, _)) in table.series.iter().enumerate() {
            let _ = writeln!(
                s,
                "<rect class=\"s{k}\" x=\"{x:.1}\" y=\"5\" width=\"10\" height=\"10\"/><text x=\"{:.1}\" y=\"14\">{}</text>",
                x + 14.0,
                esc(&label(name))
            );
            x += 22.0 + 7.0 * label(name).chars().count() as f64;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// A line through the values, broken where a value is missing; a dot on each value.
fn draw_line(
    s: &mut String,
    values: &[Option<f64>],
    x_at: &impl Fn(usize) -> f64,
    y_at: &impl Fn(f64) -> f64,
) {
    let mut path = String::new();
    let mut pen_down = false;
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1} ",
                    if pen_down { "L" } else { "M" },
                    x_at(i),
                    y_at(*v)
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let _ = writeln!(s, "<path d=\"{}\"/>", path.trim_end());
    for (i, value) in values.iter().enumerate() {
        if let Some(v) = value {
            let _ = writeln!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.2\"/>",
                x_at(i),
                y_at(*v)
            );
        }
    }
}

/// A sentence for screen readers: what is drawn, over which range, lowest and highest.
fn describe(spec: &ChartSpec, table: &Table) -> String {
    let kind = match spec.kind {
        ChartKind::Line => "Line chart",
        ChartKind::Bar => "Bar chart",
    };
    let first = table.x.first().map_or("", String::as_str);
    let last = table.x.last().map_or("", String::as_str);
    let mut text = format!(
        "{kind} of {} by {}, {first} to {last}.",
        names(table),
        label(&spec.x)
    );
    for (name, values) in &table.series {
        let known: Vec<(usize, f64)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        let low = known.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        let high = known.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(&(li, lv)), Some(&(hi, hv))) = (low, high) {
            let _ = write!(
                text,
                " {}: lowest {} ({}), highest {} ({}).",
                label(name),
                format_number(lv),
                table.x[li],
                format_number(hv),
                table.x[hi]
            );
        }
    }
    text.push_str(" The numbers are in the table below.");
    text
}

fn names(table: &Table) -> String {
    let names: Vec<String> = table.series.iter().map(|(name, _)| label(name)).collect();
    names.join(" and ")
}

/// A column name as words: `synthetic_opioids` is "synthetic opioids".
fn label(column: &str) -> String {
    column.replace('_', " ")
}

fn data_table(spec: &ChartSpec, table: &Table) -> String {
    let mut html =
        String::from("<details class=\"chart-data\"><summary>The numbers</summary>\n<table>\n<thead><tr>");
    let _ = write!(html, "<th scope=\"col\">{}</th>", esc(&label(&spec.x)));
    for (name, _) in &table.series {
        let _ = write!(html, "<th scope=\"col\" class=\"num\">{}</th>", esc(&label(name)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (i, x) in table.x.iter().enumerate() {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", esc(x));
        for (_, values) in &table.series {
            let cell = values[i].map_or_else(|| "–".to_string(), format_number);
            let _ = write!(html, "<td class=\"num\">{cell}</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</details>\n");
    html
}

/// Round tick values from `low` to `high` (0 always included): 1, 2, 2.5 or 5 times a
/// power of ten apart, five or six of them.
fn nice_ticks(low: f64, high: f64) -> Vec<f64> {
    let span = (high - low).max(1.0);
    let rough = span / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power);
    let start = (low / step).floor() * step;
    let end = (high / step).ceil() * step;
    let count = ((end - start) / step).round() as usize;
    (0..=count.max(1)).map(|i| start + step * i as f64).collect()
}

/// `79384` as "79,384", `2.5` as "2.5".
fn format_number(value: f64) -> String {
    if value.fract() != 0.0 {
        return format!("{}", (value * 100.0).round() / 100.0);
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("−{out}") } else { out }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        assert_eq!(
            nice_ticks(0.0, 107_941.0),
            [0.0, 25_000.0, 50_000.0, 75_000.0, 100_000.0, 125_000.0]
        );
        assert_eq!(nice_ticks(0.0, 7.0), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(nice_ticks(-3.0, 4.0), [-4.0, -2.0, 0.0, 2.0, 4.0]);
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(format_number(79_384.0), "79,384");
        assert_eq!(format_number(100.0), "100");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(-1_200.0), "−1,200");
    }
}
