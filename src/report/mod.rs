//! The report and its renderings. Renderers are pure functions of the final [`Report`].

mod model;

pub use model::*;
