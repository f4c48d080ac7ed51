//! One protection of the sandbox, active or not, and why: what `grade doctor` and reports show.

use std::fmt;

/// A protection and whether this machine gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// Short name, the same on every machine ("no network").
    pub name: &'static str,
    pub active: bool,
    /// How it is done when active; what failed and what replaces it when not.
    pub detail: String,
}

impl Protection {
    pub(crate) fn active(name: &'static str, detail: impl Into<String>) -> Self {
        Protection {
            name,
            active: true,
            detail: detail.into(),
        }
    }

    pub(crate) fn inactive(name: &'static str, detail: impl Into<String>) -> Self {
        Protection {
            name,
            active: false,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Protection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.active { "active" } else { "inactive" };
        write!(f, "{}: {}: {}", self.name, state, self.detail)
    }
}
