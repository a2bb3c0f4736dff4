//! `cargo xtask bench-element [-- --runs N]`: one element on a page, cold, in headless Chromium
//! against a release server on the demo data: the requests of ours before `tk-ready` and the
//! median time from `connectedCallback` (and from navigation) to the first rows painted. The
//! browser side is `xtask/scripts/bench-element.mjs`; a probe that prints figures, never a test.

use crate::bench_load::build_release_server;
use crate::process::exec;
use crate::{TaskResult, root, target_dir, wasm};
use std::process::Command;

pub fn run(args: &[String]) -> TaskResult {
    build_release_server()?;
    wasm::build()?;
    exec(
        Command::new("node")
            .current_dir(root())
            .arg("xtask/scripts/bench-element.mjs")
            .args(args)
            .env(
                "TENANTKIT_SERVER_BIN",
                target_dir().join("release/tenantkit-server"),
            ),
    )
}
