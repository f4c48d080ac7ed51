//! The monitor: watches a run's process tree and counts its workers (issue 3). Placeholder.
