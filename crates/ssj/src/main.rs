//! The `ssj` command.
fn main() {}
