//! Errors in the course file, located by file, line and column; all of a file's at once.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::msg;

/// A problem with the course file: where it is, and what to fix.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem has a place in the file.
    pub location: Option<(usize, usize)>,
    /// The dotted key the problem is about (`exercises.cube.timeout`), when known.
    pub key: String,
    pub message: String,
}

impl ConfigError {
    /// The file cannot be read: our sentence in `lang`, then the system's reason.
    pub(crate) fn io(path: &Path, err: &std::io::Error, lang: Lang) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            location: None,
            key: String::new(),
            message: msg!(lang, "config-unreadable", reason = err.to_string()),
        }
    }

    /// An error at byte `offset` of the file's text.
    pub(crate) fn at_offset(
        path: &Path,
        text: &[u8],
        key: &str,
        offset: usize,
        message: &str,
    ) -> ConfigError {
        let before = &text[..offset.min(text.len())];
        let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |newline| newline + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        ConfigError {
            path: path.to_path_buf(),
            location: Some((line, column)),
            key: key.to_string(),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Every problem found in a course file, in the file's order; never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigErrors {
    pub errors: Vec<ConfigError>,
    /// The language the messages are written in (see [`super::Config::load_in`]).
    pub lang: Lang,
}

impl ConfigErrors {
    pub fn iter(&self) -> std::slice::Iter<'_, ConfigError> {
        self.errors.iter()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

/// One error a line. Each line after the first starts with `error: ` (in the errors'
/// language), so that a caller that prints `error: {errors}` shows every error as its own
/// `error:` line.
impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                write!(f, "\n{} ", msg!(self.lang, "cli-error"))?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}
