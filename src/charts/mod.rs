//! Charts from data: a ```` ```chart ```` block names a CSV file and its columns; the
//! chart is drawn at build time as inline SVG (title, description, axes with ticks and
//! labels), with its source under it and the same numbers as a table for screen readers
//! and copying. No script; colours come from the theme's CSS, so dark mode follows.
//!
//! Our own small module: the plotting crates either emit SVG without `<title>`/`<desc>`
//! and with inline styles (plotters) or draw in the browser with JavaScript (charming).

use serde::Deserialize;

mod draw;

pub(crate) use draw::figure;

/// What a chart block says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChartSpec {
    /// A CSV file beside the page, or under `content/data/`.
    pub data: String,
    /// The column along the x axis (years, usually).
    pub x: String,
    /// The columns drawn, one series each.
    #[serde(deserialize_with = "one_or_many")]
    pub y: Vec<String>,
    #[serde(default)]
    pub kind: ChartKind,
    pub title: String,
    /// The unit of the values, shown on the y axis (`deaths`, `pounds`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Source ids the numbers come from.
    #[serde(default, deserialize_with = "one_or_many")]
    pub source: Vec<String>,
}

/// The keys a chart block may have, for "did you mean".
pub(crate) const KEYS: &[&str] = &["data", "x", "y", "kind", "title", "unit", "source"];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ChartKind {
    #[default]
    Line,
    Bar,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// The numbers of a chart: x labels, and per series its name and values (`None` where a
/// cell is empty).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub x: Vec<String>,
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

/// Why a CSV file cannot be charted: the message, and the 1-based CSV line it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataError {
    pub message: String,
    pub help: Option<String>,
}

/// Reads `spec`'s columns out of CSV text (a header row, then one row per x value).
pub(crate) fn read_table(spec: &ChartSpec, csv_text: &str) -> Result<Table, DataError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(String::from).collect(),
        Err(err) => return Err(plain(format!("{}: {err}", spec.data))),
    };
    let column = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| DataError {
            message: format!("{} has no column `{name}`", spec.data),
            help: Some(
                match crate::diag::did_you_mean(name, headers.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("its columns are {}", headers.join(", ")),
                },
            ),
        })
    };
    let x_column = column(&spec.x)?;
    let y_columns: Vec<usize> = spec.y.iter().map(|name| column(name)).collect::<Result<_, _>>()?;
    let mut table = Table {
        x: Vec::new(),
        series: spec.y.iter().map(|name| (name.clone(), Vec::new())).collect(),
    };
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|err| plain(format!("{} line {line}: {err}", spec.data)))?;
        table.x.push(record.get(x_column).unwrap_or_default().to_string());
        for (series, &col) in table.series.iter_mut().zip(&y_columns) {
            let cell = record.get(col).unwrap_or_default();
            let value = match cell {
                "" => None,
                _ => Some(parse_number(cell).ok_or_else(|| DataError {
                    message: format!("{} line {line}, column `{}`: `{cell}` is not a number", spec.data, series.0),
                    help: Some("write numbers without thousands separators or units (79384, 2.5); leave a cell empty for no value".into()),
                })?),
            };
            series.1.push(value);
        }
    }
    if table.x.is_empty() {
        return Err(plain(format!("{} has no rows under its header", spec.data)));
    }
    Ok(table)
}

fn plain(message: String) -> DataError {
    DataError { message, help: None }
}

fn parse_number(cell: &str) -> Option<f64> {
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}
