//! The sandbox: contains untrusted student processes (issue 5). Placeholder.
