//! The release WebAssembly bundle: cargo build (size profile), wasm-bindgen, wasm-opt; and its
//! size report (raw, gzip -9, brotli) for the closing notes and the README.

use crate::process::exec;
use crate::{TaskResult, root, setup, target_dir};
use std::path::Path;
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
    let wasm = target_dir().join("wasm32-unknown-unknown/wasm-release/tenantkit_bindings.wasm");
    let bundle = root.join(PKG_DIR).join("tenantkit_bg.wasm");
    // wasm-opt takes most of a warm build: skip both steps when cargo produced nothing new.
    if is_newer(&bundle, &wasm) && root.join(PKG_DIR).join("tenantkit.js").exists() {
        println!("xtask: wasm bundle in {PKG_DIR}/ is up to date");
        return Ok(());
    }
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

/// True when `output` exists and was written after `input`.
fn is_newer(output: &Path, input: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    matches!((modified(output), modified(input)), (Some(out), Some(inp)) if out >= inp)
}

/// Prints raw, gzip -9 and brotli (quality 11) sizes of the bundle's wasm and JS files.
pub fn report_size() -> TaskResult {
    let root = root();
    exec(
        Command::new("node")
            .current_dir(&root)
            .arg("xtask/scripts/size.mjs")
            .arg(PKG_DIR),
    )
}
