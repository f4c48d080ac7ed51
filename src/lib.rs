//! `grade`: builds, runs, measures and lints students' solutions to a course on parallelism.
//!
//! The data flows one way: config -> discover -> build -> run and monitor -> checks -> lint ->
//! score -> report. Each stage is a module of that name.

pub mod lang;
pub mod lint;
pub mod monitor;
pub mod sandbox;
pub mod config;
pub mod discover;
pub mod report;
pub mod run;
pub mod build;
pub mod launch;
pub mod scratch;
pub mod toolchain;
pub mod checks;
pub mod events;
pub mod pipeline;
pub mod reference;
pub mod score;
pub mod app;
