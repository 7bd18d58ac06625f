//! Helpers every test module shares: where the repository is, the binary, the seed report.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository root (tests run the binary from there, so relative paths work).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled seed report.
pub fn seed() -> PathBuf {
    root().join("examples/gongshu-2023-lianghui.txt")
}

/// The `govkg` binary, run from the repository root with no store from the environment.
pub fn govkg() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_govkg"));
    cmd.current_dir(root()).env_remove("GOVKG_STORE");
    cmd
}
