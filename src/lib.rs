//! `grade`: builds, runs, measures and lints students' solutions to a course on parallelism.
//!
//! The data flows one way: config -> discover -> build -> run and monitor -> checks -> lint ->
//! score -> report. Each stage is a module of that name.

pub mod app;
pub mod build;
pub mod bundle;
pub mod checks;
pub mod config;
pub mod course_check;
pub mod discover;
pub mod events;
pub mod export;
pub mod interrupt;
pub mod lang;
pub mod launch;
pub mod lint;
pub mod messages;
pub mod monitor;
mod partition;
pub mod pipeline;
pub mod reference;
pub mod report;
pub mod run;
pub mod sandbox;
pub mod schedule;
pub mod score;
pub mod scratch;
pub mod similar;
pub mod text;
pub mod toolchain;
pub mod units;
