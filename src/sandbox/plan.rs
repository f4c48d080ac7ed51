//! What the grader tells the sandbox helper (`grade __sandbox PLAN`), and what the helper tells
//! back: one serialisable value each way.
//!
//! The grader decides everything (the isolation, the identity, what is visible, the limits); the
//! helper only carries it out, so that every decision can be unit-tested without a process.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::rlimits::Rlimits;

/// How strongly one job is isolated; the probe picks the strongest the machine allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Isolation {
    /// Mount, PID, network, IPC and UTS namespaces, a root of its own on a tmpfs, and a
    /// size-limited scratch disk. `user_namespace` when it takes a user namespace to get them
    /// (not root, or root without CAP_SYS_ADMIN).
    Namespaces { user_namespace: bool },
    /// No namespace: Landlock restricts files, TCP and signals; the rest is rlimits, a process
    /// group and the cgroups.
    Landlock,
    /// Neither: rlimits, a process group and the cgroups only.
    Bare,
}

impl Isolation {
    pub fn namespaces(self) -> bool {
        matches!(self, Isolation::Namespaces { .. })
    }
}

/// Who the program runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Identity {
    /// The grader is not root: the program keeps its uid, which has no power to lose.
    Unchanged,
    /// The grader is root: the program drops to this uid and gid, with no capabilities.
    Drop { uid: u32, gid: u32 },
}

/// A user namespace's id maps, written by the helper from outside (`inside outside count`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IdMaps {
    pub(crate) uid: Vec<(u32, u32, u32)>,
    pub(crate) gid: Vec<(u32, u32, u32)>,
    /// Unprivileged writers must deny setgroups before they may write a gid map.
    pub(crate) deny_setgroups: bool,
}

/// Where the program's working folder comes from, in a job with namespaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Workdir {
    /// Copied onto the job's scratch disk: what the program writes counts against the disk
    /// limit and vanishes with the job; the host folder is never written.
    Copy,
    /// The host folder itself, writable: for the dependency fetch, whose files later jobs read.
    Bind,
}

/// Files a job hands on to later jobs: regular executable files found at the top of `from`
/// (inside the sandbox) when the program succeeded, copied to the host folder `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Keep {
    pub(crate) from: Text,
    pub(crate) to: Text,
}

/// Everything the helper needs to start one program.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub(crate) isolation: Isolation,
    pub(crate) program: Text,
    pub(crate) args: Vec<Text>,
    pub(crate) env: Vec<(Text, Text)>,
    /// The working folder, at the same path inside and outside.
    pub(crate) workdir: Text,
    pub(crate) identity: Identity,
    /// With a user namespace: the maps the helper writes.
    pub(crate) id_maps: Option<IdMaps>,
    pub(crate) rlimits: Rlimits,
    /// Host paths visible read-only at the same place (namespaces) or readable (Landlock).
    pub(crate) readable: Vec<Text>,
    /// Host paths visible and writable at the same place, besides the working folder.
    pub(crate) writable: Vec<Text>,
    /// Files of the sandbox's own (its /etc/passwd and /etc/group): path and contents.
    pub(crate) files: Vec<(Text, String)>,
    pub(crate) workdir_source: Workdir,
    /// The scratch disk: bytes and files (inodes) a job may use, its working folder, /tmp and
    /// /dev/shm together.
    pub(crate) disk: u64,
    pub(crate) inodes: u64,
    /// TCP ports the program may connect to; `None`: no network at all.
    pub(crate) network: Option<Vec<u16>>,
    pub(crate) keep: Option<Keep>,
    /// An empty host folder the job's root is mounted on, in its own mount namespace.
    pub(crate) stage: Text,
    /// Where the helper writes its [`Status`] (a host path outside every job's reach).
    pub(crate) status: Text,
    pub(crate) hostname: String,
    /// Report how Landlock was enforced even when all went well (the probe).
    pub(crate) probe: bool,
    /// A host file the helper opens for appending, before anything else, and gives the program
    /// as descriptor [`RECORD_FD`].
    pub(crate) record: Option<Text>,
}

/// The descriptor the program finds its record file at.
pub(crate) const RECORD_FD: i32 = 3;

/// How the program ended, exactly: the helper mirrors it in its own exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Ended {
    Exited(i32),
    Signaled(i32),
}

/// Which part of the scratch disk a job used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiskFull {
    Bytes,
    Files,
}

/// What the helper reports: written once, when it exits (namespaces), or before it execs the
/// program (Landlock, only when asked or when something failed).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Status {
    /// The sandbox could not be set up: the program never started.
    pub(crate) setup_error: Option<String>,
    pub(crate) ended: Option<Ended>,
    /// The job filled its scratch disk and was stopped.
    pub(crate) disk_full: Option<DiskFull>,
    /// How Landlock was enforced, when it was used.
    pub(crate) landlock: Option<String>,
}

impl Status {
    pub(crate) fn failed(error: impl Into<String>) -> Status {
        Status {
            setup_error: Some(error.into()),
            ..Status::default()
        }
    }
}

/// Bytes of a path, an argument or a variable: JSON text when they are UTF-8, numbers otherwise,
/// so that a plan stays readable and no name is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Text(pub(crate) Vec<u8>);

impl Text {
    pub(crate) fn os(&self) -> &OsStr {
        OsStr::from_bytes(&self.0)
    }

    pub(crate) fn path(&self) -> &Path {
        Path::new(self.os())
    }
}

impl From<&OsStr> for Text {
    fn from(text: &OsStr) -> Text {
        Text(text.as_bytes().to_vec())
    }
}

impl From<&Path> for Text {
    fn from(path: &Path) -> Text {
        Text::from(path.as_os_str())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(text.as_bytes().to_vec())
    }
}

impl From<Text> for OsString {
    fn from(text: Text) -> OsString {
        OsString::from_vec(text.0)
    }
}

impl From<Text> for PathBuf {
    fn from(text: Text) -> PathBuf {
        PathBuf::from(OsString::from(text))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum TextForm {
    Utf8(String),
    Bytes { bytes: Vec<u8> },
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(text) => TextForm::Utf8(text.to_owned()),
            Err(_) => TextForm::Bytes {
                bytes: self.0.clone(),
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        Ok(match TextForm::deserialize(deserializer)? {
            TextForm::Utf8(text) => Text(text.into_bytes()),
            TextForm::Bytes { bytes } => Text(bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_a_string_when_utf8_and_bytes_otherwise() {
        let utf8 = Text::from("/tmp/léa");
        assert_eq!(serde_json::to_string(&utf8).expect("json"), "\"/tmp/léa\"");
        let latin1 = Text(b"/tmp/l\xe9a".to_vec());
        let json = serde_json::to_string(&latin1).expect("json");
        assert_eq!(json, "{\"bytes\":[47,116,109,112,47,108,233,97]}");
        for text in [utf8, latin1] {
            let json = serde_json::to_string(&text).expect("json");
            assert_eq!(serde_json::from_str::<Text>(&json).expect("back"), text);
        }
    }
}
