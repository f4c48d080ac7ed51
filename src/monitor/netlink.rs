//! Netlink plumbing shared by the proc connector and taskstats sockets: opening, options,
//! sending, receiving, and walking messages and attributes.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

use nix::libc;

pub(crate) const NLMSG_HDRLEN: usize = 16;

/// A bound netlink socket of one protocol.
#[derive(Debug)]
pub(crate) struct Socket {
    fd: OwnedFd,
}

impl Socket {
    /// Opens and binds a socket, joining `groups` (a bit mask), with an 8 MiB receive buffer
    /// where the process may have one.
    pub(crate) fn open(
        kind: libc::c_int,
        protocol: libc::c_int,
        groups: u32,
    ) -> io::Result<Socket> {
        // SAFETY: plain socket(2) call; the descriptor is owned at once below.
        let raw = unsafe { libc::socket(libc::AF_NETLINK, kind | libc::SOCK_CLOEXEC, protocol) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a fresh descriptor nobody else owns.
        let socket = Socket {
            fd: unsafe { OwnedFd::from_raw_fd(raw) },
        };
        let buffer: libc::c_int = 8 << 20;
        if socket.set_option(libc::SO_RCVBUFFORCE, &buffer).is_err() {
            // Without CAP_NET_ADMIN the buffer is capped at rmem_max; a smaller one still works.
            let _ = socket.set_option(libc::SO_RCVBUF, &buffer);
        }
        // SAFETY: sockaddr_nl is plain data; all-zero is a valid value.
        let mut addr: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
        addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        // Port 0: the kernel picks a unique one, so several monitors can live in one process.
        addr.nl_pid = 0;
        addr.nl_groups = groups;
        // SAFETY: `addr` is a valid sockaddr_nl of the size given.
        let rc = unsafe {
            libc::bind(
                socket.fd.as_raw_fd(),
                (&addr as *const libc::sockaddr_nl).cast(),
                std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(socket)
    }

    fn set_option<T>(&self, name: libc::c_int, value: &T) -> io::Result<()> {
        // SAFETY: `value` points to a live T of the size given.
        let rc = unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_SOCKET,
                name,
                (value as *const T).cast(),
                std::mem::size_of::<T>() as libc::socklen_t,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// How long a receive waits before giving up.
    pub(crate) fn set_timeout(&self, timeout: Duration) -> io::Result<()> {
        let tv = libc::timeval {
            tv_sec: timeout.as_secs() as libc::time_t,
            tv_usec: timeout.subsec_micros() as libc::suseconds_t,
        };
        self.set_option(libc::SO_RCVTIMEO, &tv)
    }

    /// Sends one message to the kernel.
    pub(crate) fn send(&self, msg: &[u8]) -> io::Result<()> {
        // SAFETY: `msg` is a live buffer of the length given.
        let rc = unsafe { libc::send(self.fd.as_raw_fd(), msg.as_ptr().cast(), msg.len(), 0) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    pub(crate) fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: `buf` is a live, writable buffer of the length given.
        let rc = unsafe { libc::recv(self.fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(rc as usize)
        }
    }
}

/// Whether a receive error only means that nothing came in time.
pub(crate) fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

/// A netlink header for a message of `payload` bytes.
pub(crate) fn header(payload: usize, kind: u16, flags: u16, seq: u32) -> Vec<u8> {
    let mut msg = Vec::with_capacity(NLMSG_HDRLEN + payload);
    msg.extend_from_slice(&((NLMSG_HDRLEN + payload) as u32).to_ne_bytes());
    msg.extend_from_slice(&kind.to_ne_bytes());
    msg.extend_from_slice(&flags.to_ne_bytes());
    msg.extend_from_slice(&seq.to_ne_bytes());
    msg.extend_from_slice(&0u32.to_ne_bytes());
    msg
}

/// A netlink attribute, padded to 4 bytes.
pub(crate) fn attribute(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut attr = Vec::with_capacity(4 + payload.len() + 3);
    attr.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
    attr.extend_from_slice(&kind.to_ne_bytes());
    attr.extend_from_slice(payload);
    while attr.len() % 4 != 0 {
        attr.push(0);
    }
    attr
}

/// The attributes in `buf`: (type without flag bits, payload).
pub(crate) fn attributes(mut buf: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let len = usize::from(u16_at(buf, 0)?);
        let kind = u16_at(buf, 2)? & 0x3fff;
        if len < 4 || len > buf.len() {
            return None;
        }
        let payload = &buf[4..len];
        buf = buf.get((len + 3) & !3..).unwrap_or(&[]);
        Some((kind, payload))
    })
}

pub(crate) fn u16_at(buf: &[u8], at: usize) -> Option<u16> {
    let bytes = buf.get(at..at + 2)?;
    Some(u16::from_ne_bytes([bytes[0], bytes[1]]))
}

/// The netlink messages of one datagram.
pub(crate) fn messages(mut buf: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        if buf.len() < NLMSG_HDRLEN {
            return None;
        }
        let len = u32_at(buf, 0)? as usize;
        if len < NLMSG_HDRLEN || len > buf.len() {
            return None;
        }
        let message = &buf[..len];
        let aligned = (len + 3) & !3;
        buf = buf.get(aligned..).unwrap_or(&[]);
        Some(message)
    })
}

pub(crate) fn u32_at(buf: &[u8], at: usize) -> Option<u32> {
    let bytes = buf.get(at..at + 4)?;
    Some(u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

pub(crate) fn u64_at(buf: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32_at(buf, at)?) | (u64::from(u32_at(buf, at + 4)?) << 32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_round_trip() {
        let mut buf = attribute(2, b"TASKSTATS\0");
        buf.extend(attribute(1, &31u16.to_ne_bytes()));
        let found: Vec<(u16, Vec<u8>)> = attributes(&buf).map(|(k, p)| (k, p.to_vec())).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], (2, b"TASKSTATS\0".to_vec()));
        assert_eq!(found[1], (1, 31u16.to_ne_bytes().to_vec()));
    }
}
