//! The release WebAssembly bundle: cargo build (size profile), wasm-bindgen, wasm-opt; and its
//! size report (raw, gzip -9, brotli) for the closing notes and the README.

use crate::process::exec;
use crate::{TaskResult, root, setup};
use std::process::Command;

/// Output directory of the bundle; also the npm package's `pkg/`.
pub const PKG_DIR: &str = "bindings/pkg";

/// Builds `bindings/pkg/tenantkit.js` + `tenantkit_bg.wasm`.
pub fn build() -> TaskResult {
    let root = root();
    exec(
        Command::new("cargo")
            .current_dir(&root)
            .args([
                "build",
                "--package",
                "tenantkit-bindings",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args(["--profile", "wasm-release"]),
    )?;
    let wasm = root.join("target/wasm32-unknown-unknown/wasm-release/tenantkit_bindings.wasm");
    exec(
        Command::new("wasm-bindgen")
            .current_dir(&root)
            .arg("--target")
            .arg("web")
            .arg("--out-dir")
            .arg(PKG_DIR)
            .arg("--out-name")
            .arg("tenantkit")
            .arg(&wasm),
    )?;
    let bundle = root.join(PKG_DIR).join("tenantkit_bg.wasm");
    exec(
        Command::new(setup::wasm_opt())
            .arg("-Oz")
            .arg(&bundle)
            .arg("-o")
            .arg(&bundle),
    )?;
    println!("xtask: wasm bundle ready in {PKG_DIR}/");
    Ok(())
}

/// Prints raw, gzip -9 and brotli (quality 11) sizes of the bundle's wasm and JS.
pub fn report_size() -> TaskResult {
    let root = root();
    exec(
        Command::new("node")
            .current_dir(&root)
            .arg("xtask/scripts/size.mjs")
            .arg(format!("{PKG_DIR}/tenantkit_bg.wasm"))
            .arg(format!("{PKG_DIR}/tenantkit.js")),
    )
}
