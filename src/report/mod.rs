//! The report and its renderings. Renderers are pure functions of the final [`Report`], or
//! reporters of the events that build it.

pub mod json;
pub mod merge;
mod model;
pub mod progress;
pub mod terminal;

pub use model::*;
