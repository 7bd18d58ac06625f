//! The `govkg` command: a thin layer of argument parsing over the library.
fn main() {}
