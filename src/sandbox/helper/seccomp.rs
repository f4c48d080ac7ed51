//! A seccomp filter, the program's last restriction before exec: system calls no exercise
//! needs and nothing else in the sandbox contains answer EPERM.
//!
//! - Kernel keyrings (`add_key`, `request_key`, `keyctl`): the session keyring a job inherits
//!   is the grader's, and the sandbox uid's user keyring outlives the job, a channel from one
//!   student's job to the next.
//! - New user namespaces (`unshare`, `clone` with CLONE_NEWUSER): inside one of its own, a
//!   program holds every capability over kernel code that no job needs. `clone3` answers
//!   ENOSYS, as under Docker's profile, since its flags sit in memory a filter cannot read:
//!   the C library then falls back to `clone`.
//! - Any other architecture's system calls (x32 or i386 on x86_64), which would dodge the rest.
//!
//! Written as classic BPF with the C library's constants: no library to link.

use nix::libc::{self, sock_filter, sock_fprog};

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;

/// x32 system calls carry this bit in their number, with the x86_64 architecture.
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

/// Offsets in `struct seccomp_data`.
const NR: u32 = 0;
const ARCH: u32 = 4;
const FIRST_ARGUMENT: u32 = 16;

fn load(offset: u32) -> sock_filter {
    statement((libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16, offset)
}

fn statement(code: u16, k: u32) -> sock_filter {
    sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(condition: u32, k: u32, jt: u8, jf: u8) -> sock_filter {
    sock_filter {
        code: (libc::BPF_JMP | condition | libc::BPF_K) as u16,
        jt,
        jf,
        k,
    }
}

fn answer(value: u32) -> sock_filter {
    statement((libc::BPF_RET | libc::BPF_K) as u16, value)
}

fn refuse(errno: i32) -> sock_filter {
    answer(libc::SECCOMP_RET_ERRNO | (errno as u32 & libc::SECCOMP_RET_DATA))
}

/// The filter's instructions.
fn program() -> Vec<sock_filter> {
    let number = |call: libc::c_long| call as u32;
    let new_user = libc::CLONE_NEWUSER as u32;
    vec![
        load(ARCH),
        jump(libc::BPF_JEQ, AUDIT_ARCH, 1, 0),
        refuse(libc::EPERM),
        load(NR),
        jump(libc::BPF_JGE, X32_SYSCALL_BIT, 0, 1),
        refuse(libc::EPERM),
        jump(libc::BPF_JEQ, number(libc::SYS_add_key), 3, 0),
        jump(libc::BPF_JEQ, number(libc::SYS_request_key), 2, 0),
        jump(libc::BPF_JEQ, number(libc::SYS_keyctl), 1, 0),
        jump(libc::BPF_JEQ, number(libc::SYS_clone3), 1, 2),
        refuse(libc::EPERM),
        refuse(libc::ENOSYS),
        jump(libc::BPF_JEQ, number(libc::SYS_clone), 1, 0),
        jump(libc::BPF_JEQ, number(libc::SYS_unshare), 0, 3),
        // Both take their flags first: the low 32 bits (little endian).
        load(FIRST_ARGUMENT),
        jump(libc::BPF_JSET, new_user, 0, 1),
        refuse(libc::EPERM),
        answer(libc::SECCOMP_RET_ALLOW),
    ]
}

/// Installs the filter on the calling thread (inherited by every process it starts). Needs
/// no_new_privs, set by the caller just before.
pub(super) fn install() -> Result<(), String> {
    let mut instructions = program();
    let program = sock_fprog {
        len: instructions.len() as u16,
        filter: instructions.as_mut_ptr(),
    };
    // SAFETY: prctl reads the program, which outlives the call; the kernel copies it.
    let result = unsafe {
        libc::prctl(
            libc::PR_SET_SECCOMP,
            libc::SECCOMP_MODE_FILTER,
            &program as *const sock_fprog,
            0,
            0,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(format!(
            "cannot install the seccomp filter: {}",
            std::io::Error::last_os_error()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the filter on one call, as the kernel would, and returns its answer.
    fn verdict(arch: u32, nr: u32, first_argument: u32) -> u32 {
        let program = program();
        let mut accumulator = 0u32;
        let mut pc = 0usize;
        loop {
            let instruction = program[pc];
            let code = u32::from(instruction.code);
            if code == libc::BPF_LD | libc::BPF_W | libc::BPF_ABS {
                accumulator = match instruction.k {
                    NR => nr,
                    ARCH => arch,
                    FIRST_ARGUMENT => first_argument,
                    other => panic!("load at {other}"),
                };
                pc += 1;
            } else if code & 0x07 == libc::BPF_JMP {
                let taken = match code & 0xf0 {
                    c if c == libc::BPF_JEQ => accumulator == instruction.k,
                    c if c == libc::BPF_JGE => accumulator >= instruction.k,
                    c if c == libc::BPF_JSET => accumulator & instruction.k != 0,
                    other => panic!("jump {other:#x}"),
                };
                let skip = if taken {
                    instruction.jt
                } else {
                    instruction.jf
                };
                pc += 1 + usize::from(skip);
            } else {
                return instruction.k;
            }
        }
    }

    fn refused(errno: i32) -> u32 {
        libc::SECCOMP_RET_ERRNO | errno as u32
    }

    #[test]
    fn keyrings_user_namespaces_and_other_architectures_are_refused() {
        let nr = |call: libc::c_long| call as u32;
        let allow = libc::SECCOMP_RET_ALLOW;
        let new_user = libc::CLONE_NEWUSER as u32;
        for call in [libc::SYS_add_key, libc::SYS_request_key, libc::SYS_keyctl] {
            assert_eq!(verdict(AUDIT_ARCH, nr(call), 0), refused(libc::EPERM));
        }
        assert_eq!(
            verdict(AUDIT_ARCH, nr(libc::SYS_clone3), 0),
            refused(libc::ENOSYS)
        );
        for call in [libc::SYS_clone, libc::SYS_unshare] {
            assert_eq!(
                verdict(AUDIT_ARCH, nr(call), new_user),
                refused(libc::EPERM)
            );
        }
        // A thread, a fork, a new session: allowed.
        let thread = (libc::CLONE_VM | libc::CLONE_THREAD | libc::CLONE_SETTLS) as u32;
        assert_eq!(verdict(AUDIT_ARCH, nr(libc::SYS_clone), thread), allow);
        assert_eq!(
            verdict(AUDIT_ARCH, nr(libc::SYS_unshare), libc::CLONE_FS as u32),
            allow
        );
        assert_eq!(verdict(AUDIT_ARCH, nr(libc::SYS_write), 0), allow);
        assert_eq!(
            verdict(AUDIT_ARCH, nr(libc::SYS_keyctl) | X32_SYSCALL_BIT, 0),
            refused(libc::EPERM)
        );
        assert_eq!(
            verdict(0x4000_0003, nr(libc::SYS_write), 0),
            refused(libc::EPERM)
        );
    }
}
