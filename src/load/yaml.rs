//! The one place that calls the YAML parser. Swapping `serde_yaml` for a maintained fork
//! means changing the `use` line below and nothing else.

use serde::de::DeserializeOwned;
use serde_yaml as yaml;

/// A YAML problem: a message and the byte offset in the YAML text it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Parses YAML text into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    yaml::from_str(text).map_err(|err| YamlError {
        offset: err.location().map(|at| at.index()),
        message: strip_position(&err.to_string()),
    })
}

/// serde_yaml appends " at line L column C" to messages; we report positions ourselves.
fn strip_position(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].to_string()
}
