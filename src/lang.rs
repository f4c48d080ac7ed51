//! The language messages are written in: the students are French-speaking, instructors may not be.

use serde::Deserialize;

/// A language for messages shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// The language of the user's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), if it is one we speak.
    pub fn from_locale() -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| {
                if value.starts_with("fr") {
                    Some(Lang::Fr)
                } else if value.starts_with("en") || value == "C" || value.starts_with("C.") {
                    Some(Lang::En)
                } else {
                    None
                }
            })
    }
}
