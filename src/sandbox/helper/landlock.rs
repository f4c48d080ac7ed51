//! Landlock rules: the whole confinement of a job without namespaces (the allowlist of
//! `layout::access`, no TCP but the plan's ports, no signal or abstract socket outside the job),
//! and the port rule of a dependency fetch, which shares the host's network.
//!
//! Best effort, as the crate recommends: a kernel with an older Landlock enforces what it knows,
//! and the returned text says how much was enforced, for the protections list.

use landlock::{
    Access, AccessFs, AccessNet, BitFlags, LandlockStatus, NetPort, PathBeneath, PathFd, Ruleset,
    RulesetAttr, RulesetCreated, RulesetCreatedAttr, RulesetStatus, Scope, ABI,
};

use crate::sandbox::layout;
use crate::sandbox::plan::Plan;

/// The newest Landlock ABI these rules are written for.
const ABI_USED: ABI = ABI::V6;

/// Confines the calling process to the plan's files, ports and its own processes.
pub(super) fn confine(plan: &Plan) -> Result<String, String> {
    let access = layout::access(plan);
    let mut ruleset = Ruleset::default()
        .handle_access(AccessFs::from_all(ABI_USED))
        .and_then(|ruleset| ruleset.handle_access(AccessNet::BindTcp | AccessNet::ConnectTcp))
        .and_then(|ruleset| ruleset.scope(Scope::AbstractUnixSocket | Scope::Signal))
        .and_then(Ruleset::create)
        .map_err(describe)?;
    for path in &access.read {
        ruleset = beneath(ruleset, path, AccessFs::from_read(ABI_USED))?;
    }
    for path in &access.write {
        ruleset = beneath(ruleset, path, AccessFs::from_all(ABI_USED))?;
    }
    ruleset = ports(ruleset, plan)?;
    enforce(ruleset)
}

/// Lets the calling process connect over TCP to the plan's ports only, and keeps its signals
/// and abstract sockets to itself: it shares the host's network namespace.
pub(super) fn only_ports(plan: &Plan) -> Result<String, String> {
    let ruleset = Ruleset::default()
        .handle_access(AccessNet::BindTcp | AccessNet::ConnectTcp)
        .and_then(|ruleset| ruleset.scope(Scope::AbstractUnixSocket | Scope::Signal))
        .and_then(Ruleset::create)
        .map_err(describe)?;
    enforce(ports(ruleset, plan)?)
}

fn ports(mut ruleset: RulesetCreated, plan: &Plan) -> Result<RulesetCreated, String> {
    for port in plan.network.iter().flatten() {
        ruleset = ruleset
            .add_rule(NetPort::new(*port, AccessNet::ConnectTcp))
            .map_err(describe)?;
    }
    Ok(ruleset)
}

/// A rule for `path` and what is under it; a path the host lacks is skipped, a file gets only
/// the rights that apply to files.
fn beneath(
    ruleset: RulesetCreated,
    path: &std::path::Path,
    rights: BitFlags<AccessFs>,
) -> Result<RulesetCreated, String> {
    let Ok(fd) = PathFd::new(path) else {
        return Ok(ruleset);
    };
    let rights = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => rights & AccessFs::from_file(ABI_USED),
        _ => rights,
    };
    ruleset
        .add_rule(PathBeneath::new(fd, rights))
        .map_err(|error| format!("{}: {error}", path.display()))
}

fn enforce(ruleset: RulesetCreated) -> Result<String, String> {
    let status = ruleset.restrict_self().map_err(describe)?;
    let how = match status.ruleset {
        RulesetStatus::FullyEnforced => "fully enforced",
        RulesetStatus::PartiallyEnforced => "partly enforced (an older kernel)",
        RulesetStatus::NotEnforced => "not enforced (no Landlock in this kernel)",
    };
    let abi = match status.landlock {
        LandlockStatus::Available { effective_abi, .. } => format!("Landlock ABI {effective_abi}"),
        LandlockStatus::NotEnabled => "Landlock not enabled at boot".into(),
        LandlockStatus::NotImplemented => "no Landlock in this kernel".into(),
    };
    Ok(format!("{how}, {abi}"))
}

fn describe(error: impl std::fmt::Display) -> String {
    format!("Landlock: {error}")
}
