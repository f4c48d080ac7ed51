//! One protection of the sandbox, active or not, and why: what `grade doctor` and reports show.

use crate::lang::Lang;
use crate::msg;

/// A protection and whether this machine gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// Short name, the same on every machine and in every language ("no network"): what the
    /// report and its readers look a protection up by.
    pub name: &'static str,
    /// The name people read, in the message language ("pas de réseau").
    pub label: String,
    pub active: bool,
    /// How it is done when active; what failed and what replaces it when not; in the message
    /// language.
    pub detail: String,
}

/// The protections the sandbox lists, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Isolation,
    Filesystem,
    Network,
    Processes,
    User,
    Kill,
    Memory,
    Tasks,
    Disk,
    Rlimits,
    SystemCalls,
    Fetch,
}

impl Kind {
    /// The stable English name ([`Protection::name`]).
    fn name(self) -> &'static str {
        match self {
            Kind::Isolation => "isolation",
            Kind::Filesystem => "filesystem allowlist",
            Kind::Network => "no network",
            Kind::Processes => "process namespace",
            Kind::User => "unprivileged user",
            Kind::Kill => "kill every process",
            Kind::Memory => "memory limit",
            Kind::Tasks => "task limit",
            Kind::Disk => "disk limit",
            Kind::Rlimits => "rlimits",
            Kind::SystemCalls => "system calls",
            Kind::Fetch => "dependency fetch",
        }
    }

    /// The name in `lang` ([`Protection::label`]).
    fn label(self, lang: Lang) -> String {
        match self {
            Kind::Isolation => msg!(lang, "protection-isolation"),
            Kind::Filesystem => msg!(lang, "protection-filesystem"),
            Kind::Network => msg!(lang, "protection-network"),
            Kind::Processes => msg!(lang, "protection-processes"),
            Kind::User => msg!(lang, "protection-user"),
            Kind::Kill => msg!(lang, "protection-kill"),
            Kind::Memory => msg!(lang, "protection-memory"),
            Kind::Tasks => msg!(lang, "protection-tasks"),
            Kind::Disk => msg!(lang, "protection-disk"),
            Kind::Rlimits => msg!(lang, "protection-rlimits"),
            Kind::SystemCalls => msg!(lang, "protection-system-calls"),
            Kind::Fetch => msg!(lang, "protection-fetch"),
        }
    }
}

impl Protection {
    /// Protection `kind`, given as `detail` says (in `lang`).
    pub(crate) fn active(kind: Kind, lang: Lang, detail: impl Into<String>) -> Self {
        Protection::new(kind, lang, true, detail.into())
    }

    /// Protection `kind`, missing: `detail` (in `lang`) says why and what replaces it.
    pub(crate) fn inactive(kind: Kind, lang: Lang, detail: impl Into<String>) -> Self {
        Protection::new(kind, lang, false, detail.into())
    }

    /// Protection `kind`, its names filled in.
    fn new(kind: Kind, lang: Lang, active: bool, detail: String) -> Self {
        Protection {
            name: kind.name(),
            label: kind.label(lang),
            active,
            detail,
        }
    }
}
