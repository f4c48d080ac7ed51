//! The lint stage: comments and variable names (issue 4). Placeholder until implemented.
