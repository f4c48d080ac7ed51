//! The `[sandbox]` table of grader.toml: a raw serde mirror, then validated settings with defaults.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::lang::Lang;
use crate::msg;
use crate::units::{parse_duration, parse_size};

/// `[sandbox]` as written in grader.toml; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSandbox {
    /// Memory a run may use, all its processes together ("1GiB").
    pub memory: Option<String>,
    /// Processes and threads alive at once in a run.
    pub tasks: Option<u32>,
    /// CPU time each process of a run may use ("60s").
    pub cpu_time: Option<String>,
    /// Largest file a run may write ("16MiB").
    pub file_size: Option<String>,
    /// Open files per process.
    pub open_files: Option<u32>,
    /// Refuse to run student code when a protection is missing, instead of falling back.
    pub required: Option<bool>,
    /// The unprivileged user id student code runs as when `grade` runs as root.
    pub uid: Option<u32>,
    /// Bytes a build or run may write, its working folder, /tmp and /dev/shm together ("512MiB").
    pub disk: Option<String>,
    /// Files and folders a build or run may create.
    pub files: Option<u64>,
    /// How to isolate student code: "auto", "namespaces", "user-namespace", "landlock", "none".
    pub isolation: Option<String>,
}

/// Which isolation to use: the strongest the machine allows, or one named in grader.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsolationChoice {
    /// Namespaces, else Landlock, else none: what the machine allows, said in the report.
    Auto,
    /// Namespaces (in a user namespace when not root, or root without CAP_SYS_ADMIN).
    Namespaces,
    /// Namespaces in a user namespace even as root: what a user or a container gets.
    UserNamespace,
    Landlock,
    None,
}

impl IsolationChoice {
    pub const NAMES: [&'static str; 5] =
        ["auto", "namespaces", "user-namespace", "landlock", "none"];

    pub fn name(self) -> &'static str {
        match self {
            IsolationChoice::Auto => "auto",
            IsolationChoice::Namespaces => "namespaces",
            IsolationChoice::UserNamespace => "user-namespace",
            IsolationChoice::Landlock => "landlock",
            IsolationChoice::None => "none",
        }
    }

    fn parse(text: &str) -> Option<IsolationChoice> {
        [
            IsolationChoice::Auto,
            IsolationChoice::Namespaces,
            IsolationChoice::UserNamespace,
            IsolationChoice::Landlock,
            IsolationChoice::None,
        ]
        .into_iter()
        .find(|choice| choice.name() == text)
    }
}

/// The limits and policy every contained run gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxSettings {
    pub memory: u64,
    pub tasks: u32,
    pub cpu_time: Duration,
    pub file_size: u64,
    pub open_files: u32,
    pub required: bool,
    pub uid: u32,
    pub disk: u64,
    pub files: u64,
    pub isolation: IsolationChoice,
    /// The `grade` executable that runs the sandbox helper; `None`: this very executable.
    /// (Tests and benchmarks, whose own executable is not `grade`, name it.)
    pub helper: Option<PathBuf>,
}

impl Default for SandboxSettings {
    fn default() -> Self {
        SandboxSettings {
            memory: 1 << 30,
            tasks: 256,
            cpu_time: Duration::from_secs(60),
            file_size: 16 << 20,
            open_files: 1024,
            required: false,
            uid: 65534,
            disk: 512 << 20,
            files: 20_000,
            isolation: IsolationChoice::Auto,
            helper: None,
        }
    }
}

impl SandboxSettings {
    /// Validates the raw table; an error, in `lang`, names the key (`sandbox.memory: ...`).
    pub fn resolve(raw: &RawSandbox, lang: Lang) -> Result<Self, String> {
        fn key(name: &'static str) -> impl Fn(String) -> String {
            move |message| format!("sandbox.{name}: {message}")
        }
        let defaults = SandboxSettings::default();
        let memory = match &raw.memory {
            Some(text) => parse_size(text, lang).map_err(key("memory"))?,
            None => defaults.memory,
        };
        if memory < 16 << 20 {
            return Err(key("memory")(msg!(
                lang,
                "config-at-least",
                least = "16MiB"
            )));
        }
        let tasks = raw.tasks.unwrap_or(defaults.tasks);
        if tasks < 1 {
            return Err(key("tasks")(msg!(lang, "config-at-least", least = "1")));
        }
        let cpu_time = match &raw.cpu_time {
            Some(text) => parse_duration(text, lang).map_err(key("cpu-time"))?,
            None => defaults.cpu_time,
        };
        if cpu_time < Duration::from_secs(1) {
            return Err(key("cpu-time")(msg!(lang, "config-at-least", least = "1s")));
        }
        let file_size = match &raw.file_size {
            Some(text) => parse_size(text, lang).map_err(key("file-size"))?,
            None => defaults.file_size,
        };
        let open_files = raw.open_files.unwrap_or(defaults.open_files);
        if open_files < 16 {
            return Err(key("open-files")(msg!(
                lang,
                "config-at-least",
                least = "16"
            )));
        }
        let uid = raw.uid.unwrap_or(defaults.uid);
        if uid == 0 {
            return Err(key("uid")(msg!(lang, "config-uid-root")));
        }
        let disk = match &raw.disk {
            Some(text) => parse_size(text, lang).map_err(key("disk"))?,
            None => defaults.disk,
        };
        if disk < 1 << 20 {
            return Err(key("disk")(msg!(lang, "config-at-least", least = "1MiB")));
        }
        let files = raw.files.unwrap_or(defaults.files);
        if files < 16 {
            return Err(key("files")(msg!(lang, "config-at-least", least = "16")));
        }
        let isolation = match &raw.isolation {
            Some(text) => IsolationChoice::parse(text).ok_or_else(|| {
                key("isolation")(msg!(
                    lang,
                    "config-not-an-isolation",
                    text = text.as_str(),
                    names = IsolationChoice::NAMES.join(", ")
                ))
            })?,
            None => defaults.isolation,
        };
        Ok(SandboxSettings {
            memory,
            tasks,
            cpu_time,
            file_size,
            open_files,
            required: raw.required.unwrap_or(defaults.required),
            uid,
            disk,
            files,
            isolation,
            helper: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_table_gives_defaults() {
        let settings = SandboxSettings::resolve(&RawSandbox::default(), Lang::En);
        assert_eq!(settings, Ok(SandboxSettings::default()));
    }

    #[test]
    fn kebab_case_keys_parse_and_unknown_keys_are_rejected() {
        let raw: RawSandbox =
            toml::from_str("memory = \"512MiB\"\ncpu-time = \"10s\"\nfile-size = \"1MiB\"\n")
                .expect("valid table");
        let settings = SandboxSettings::resolve(&raw, Lang::En).expect("valid settings");
        assert_eq!(settings.memory, 512 << 20);
        let raw: RawSandbox =
            toml::from_str("disk = \"64MiB\"\nfiles = 500\nisolation = \"landlock\"\n")
                .expect("valid table");
        let other = SandboxSettings::resolve(&raw, Lang::En).expect("valid settings");
        assert_eq!((other.disk, other.files), (64 << 20, 500));
        assert_eq!(other.isolation, IsolationChoice::Landlock);
        assert_eq!(settings.cpu_time, Duration::from_secs(10));
        assert_eq!(settings.file_size, 1 << 20);
        assert!(toml::from_str::<RawSandbox>("memroy = \"1GiB\"").is_err());
    }

    #[test]
    fn errors_name_the_key() {
        let raw = RawSandbox {
            cpu_time: Some("ten".into()),
            ..RawSandbox::default()
        };
        let error = SandboxSettings::resolve(&raw, Lang::En).expect_err("bad duration");
        assert!(error.starts_with("sandbox.cpu-time:"), "{error}");
        let raw = RawSandbox {
            uid: Some(0),
            ..RawSandbox::default()
        };
        assert!(SandboxSettings::resolve(&raw, Lang::En).is_err());
        let raw = RawSandbox {
            isolation: Some("bwrap".into()),
            ..RawSandbox::default()
        };
        let error = SandboxSettings::resolve(&raw, Lang::En).expect_err("unknown isolation");
        assert!(
            error.starts_with("sandbox.isolation: `bwrap` is not an isolation"),
            "{error}"
        );
    }
}
