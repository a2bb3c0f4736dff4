//! The release WebAssembly bundle: `wasm-pack build` (the size profile, the pinned wasm-bindgen,
//! none of its own downloads), then our `wasm-opt`, then the Custom Elements Manifest; and its
//! size report (raw, gzip -9, brotli) for the closing notes and the README.

use crate::process::exec;
use crate::{TaskResult, root, setup, target_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Output directory of the bundle; also the npm package's `pkg/`.
pub const PKG_DIR: &str = "bindings/pkg";

/// The npm package's folder.
pub const PACKAGE_DIR: &str = "bindings";

/// The package's script-tag entry in `pkg/`: `js/autoload.js`, which loads `pkg/<tag>.js` for each
/// tag on the page.
pub const AUTOLOAD: &str = "autoload.js";

/// Builds `bindings/pkg/tenantkit.js` + `tenantkit_bg.wasm` (every element), `pkg/<tag>.js` +
/// `pkg/<tag>_bg.wasm` per element, `bindings/pkg/autoload.js` and `bindings/custom-elements.json`.
///
/// `wasm-pack build --mode no-install` runs cargo (profile `wasm-release`) and the wasm-bindgen
/// found on PATH (setup installs Cargo.lock's version) into a staging folder; wasm-opt, which
/// takes most of a warm build, runs only when wasm-bindgen's output changed. The glue and its
/// snippet (`js/element.js`) become one module, so a page asks for one module and the wasm.
pub fn build() -> TaskResult {
    let root = root();
    let staging = target_dir().join("wasm-pack/pkg");
    exec(with_own_std(
        Command::new("wasm-pack")
            .current_dir(&root)
            .args([
                "build",
                PACKAGE_DIR,
                "--mode",
                "no-install",
                "--target",
                "web",
            ])
            .args(["--profile", "wasm-release", "--out-name", "tenantkit"])
            .args(["--no-pack", "--no-gitignore", "--no-opt", "--out-dir"])
            .arg(&staging)
            .arg("--"),
    ))?;
    minify_names(&staging, "tenantkit")?;
    let pkg = root.join(PKG_DIR);
    // Snippets of an older build: the element shim is in the bundle now.
    if pkg.exists() {
        std::fs::remove_dir_all(pkg.join("snippets"))
            .or_else(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|e| format!("cannot clear {PKG_DIR}/snippets: {e}"))?;
    }
    std::fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {PKG_DIR}: {e}"))?;
    // wasm-bindgen's declarations; its glue and the element shim (its snippet) are bundled below.
    for declarations in ["tenantkit.d.ts", "tenantkit_bg.wasm.d.ts"] {
        std::fs::copy(staging.join(declarations), pkg.join(declarations))
            .map_err(|e| format!("cannot copy {declarations}: {e}"))?;
    }
    bundle(&staging.join("tenantkit.js"), &pkg.join("tenantkit.js"))?;
    bundle(
        &root.join(PACKAGE_DIR).join("js/autoload.js"),
        &pkg.join(AUTOLOAD),
    )?;
    // The catalogs beside the module, where `js/element.js` fetches them (`pkg/locales/<tag>.json`).
    copy_tree(
        &root.join("widgets/locales"),
        &pkg.join("locales"),
        &|name| name.ends_with(".json"),
    )?;
    // wasm-opt uses about one core, and so does most of an element's build (its link-time
    // optimisation, one codegen unit): each file is optimised while the next element builds.
    std::thread::scope(|scope| {
        let (unoptimized, optimized) = (
            staging.join("tenantkit_bg.wasm"),
            pkg.join("tenantkit_bg.wasm"),
        );
        let mut runs = vec![scope.spawn(move || optimize(&unoptimized, &optimized))];
        let built = ELEMENT_MODULES.iter().try_for_each(|(tag, feature)| {
            let (unoptimized, optimized) = build_element(tag, feature)?;
            runs.push(scope.spawn(move || optimize(&unoptimized, &optimized)));
            Ok::<_, String>(())
        });
        let optimized = runs.into_iter().try_for_each(|run| {
            run.join()
                .unwrap_or_else(|_| Err("wasm-opt panicked".into()))
        });
        built.and(optimized)
    })?;
    manifest()?;
    println!("xtask: wasm bundle ready in {PKG_DIR}/");
    Ok(())
}

/// Makes `command`, a cargo build of the bundle whose last arguments go to cargo, compile the
/// standard library itself with the bundle's size profile.
///
/// The precompiled standard library is optimised for speed and keeps the panic machinery: the
/// messages, their formatting and every panic's file and line, although nothing on
/// `wasm32-unknown-unknown` prints them (the bundle installs no panic hook). Built here with
/// `panic=immediate-abort`, a panic traps at once, as `panic = "abort"` already made it end.
/// Measured: 6.4% (profile) to 8.5% (audit log) less brotli per element (README, Figures).
///
/// `-Zbuild-std` and these `-Z` flags are unstable: `RUSTC_BOOTSTRAP=1` lets the stable
/// toolchain take them, with its `rust-src` component (`cargo xtask setup` adds it). Only the
/// wasm32 target is built so (the build scripts and proc-macros keep the host's flags).
fn with_own_std(command: &mut Command) -> &mut Command {
    command.env("RUSTC_BOOTSTRAP", "1").env(
        "CARGO_ENCODED_RUSTFLAGS",
        [
            "-Zunstable-options",
            "-Cpanic=immediate-abort",
            "-Zlocation-detail=none",
        ]
        .join("\x1f"),
    );
    // `optimize_for_size`: the standard library's own choice of smaller code where it has one
    // (its sorts, for one): 0.6-0.9% less brotli again.
    command.args([
        "-Zbuild-std=std,panic_abort",
        "-Zbuild-std-features=optimize_for_size",
    ])
}

/// Each element's own module, `pkg/<tag>.js` + `pkg/<tag>_bg.wasm`, and the cargo feature that
/// builds the bindings with that element alone (`bindings/Cargo.toml`).
pub const ELEMENT_MODULES: [(&str, &str); 6] = [
    ("tenant-user-management", "users"),
    ("tenant-role-management", "roles"),
    ("tenant-access-key-management", "access-keys"),
    ("tenant-audit-log", "audit-log"),
    ("tenant-sso-setup", "sso-setup"),
    ("tenant-profile", "profile"),
];

/// Builds `pkg/<tag>.js` and the input of `pkg/<tag>_bg.wasm`: the bindings with `feature` alone
/// (the linker drops the other widgets), wasm-bindgen, and one module that defines the element
/// when imported. A page that shows one element loads this module and its wasm, nothing else of
/// ours. Returns the wasm to optimise and where it goes.
fn build_element(tag: &str, feature: &str) -> TaskResult<(PathBuf, PathBuf)> {
    let root = root();
    exec(with_own_std(
        Command::new("cargo")
            .current_dir(&root)
            .args(["build", "--package", "tenantkit-bindings", "--lib"])
            .args([
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
            ])
            .args(["--no-default-features", "--features", feature]),
    ))?;
    let staging = target_dir().join("wasm-pack/elements").join(tag);
    exec(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                tag,
                "--out-dir",
            ])
            .arg(&staging)
            .arg(target_dir().join("wasm32-unknown-unknown/wasm-release/tenantkit_bindings.wasm")),
    )?;
    minify_names(&staging, tag)?;
    let entry = staging.join("entry.js");
    std::fs::write(
        &entry,
        format!(
            "// `@tenantkit/elements/{tag}`: importing it defines <{tag}> (generated by `cargo xtask build-wasm`).\n\
             import init from './{tag}.js';\n\
             if (typeof window !== 'undefined' && typeof customElements !== 'undefined') await init();\n"
        ),
    )
    .map_err(|e| format!("cannot write {}: {e}", entry.display()))?;
    let pkg = root.join(PKG_DIR);
    bundle(&entry, &pkg.join(format!("{tag}.js")))?;
    Ok((
        staging.join(format!("{tag}_bg.wasm")),
        pkg.join(format!("{tag}_bg.wasm")),
    ))
}

/// Renames wasm-bindgen's imports, exports and import module in `<folder>/<name>_bg.wasm` to one
/// or two letters, and in its glue and declarations to match (`xtask/scripts/minify-names.mjs`):
/// 4,950-5,967 B brotli less per page, one element's or every element's (README, Figures).
fn minify_names(folder: &Path, name: &str) -> TaskResult {
    exec(
        Command::new("node")
            .current_dir(root())
            .arg("xtask/scripts/minify-names.mjs")
            .arg(setup::wasm_opt())
            .arg(folder)
            .arg(name),
    )
}

/// wasm-opt -Oz of `unoptimized` into `optimized`, unless `optimized` was made from the same
/// input: wasm-opt takes most of a warm build. What it last optimised is remembered per checkout
/// and file, since checkouts may share one target/ (each has its own pkg/).
fn optimize(unoptimized: &Path, optimized: &Path) -> TaskResult {
    let name = optimized
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let last_input = target_dir()
        .join("wasm-pack/optimized-from")
        .join(file_stem_of(&root()))
        .join(&name);
    if optimized.exists() && same_bytes(unoptimized, &last_input) {
        println!("xtask: {name} unchanged since the last wasm-opt; kept it");
        return Ok(());
    }
    exec(
        Command::new(setup::wasm_opt())
            .arg("-Oz")
            .arg(unoptimized)
            .arg("-o")
            .arg(optimized),
    )?;
    if let Some(parent) = last_input.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::copy(unoptimized, &last_input)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {}: {e}", unoptimized.display()))
}

/// Bundles the ES module `entry` and what it imports into one minified module at `out` (npm
/// `rolldown`). `new URL(..., import.meta.url)` is kept, so `out` must sit beside the wasm.
fn bundle(entry: &Path, out: &Path) -> TaskResult {
    exec(
        Command::new(root().join("node_modules/.bin/rolldown"))
            .arg(entry)
            .args([
                "--format",
                "esm",
                "--platform",
                "browser",
                "--minify",
                "--file",
            ])
            .arg(out),
    )
}

/// Writes `bindings/custom-elements.json` from the Rust sources, the package's `.d.ts` and its
/// README, and fails when they disagree (see `xtask/scripts/manifest.mjs`).
pub fn manifest() -> TaskResult {
    exec(
        Command::new("node")
            .current_dir(root())
            .arg("xtask/scripts/manifest.mjs"),
    )
}

/// A file name standing for the checkout at `root` (`/work/main` -> `work-main`).
fn file_stem_of(root: &Path) -> String {
    root.to_string_lossy()
        .split(['/', '\\', ':'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(a), Ok(b)) if a == b)
}

/// Copies the files under `from` whose name `keep` accepts into `to`, keeping sub-folders.
fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> TaskResult {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name), keep)?;
        } else if keep(&name) {
            std::fs::copy(&path, to.join(&name))
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Issue 21's goal for every element together, brotli, wasm + JS (`cargo xtask size` fails over it).
pub const SIZE_BUDGET_BROTLI: u64 = 200_000;

/// Issue 21's goal for a page showing one element, brotli: the autoload script, the element's
/// module and its wasm (`cargo xtask size` fails over it).
pub const ELEMENT_SIZE_BUDGET_BROTLI: u64 = 120_000;

/// Prints raw, gzip -9 and brotli (quality 11) sizes of what a page loads: every element in one
/// module, each element alone, the autoload script; fails when over [`SIZE_BUDGET_BROTLI`] or
/// [`ELEMENT_SIZE_BUDGET_BROTLI`].
pub fn report_size() -> TaskResult {
    exec(
        Command::new("node")
            .current_dir(root())
            .arg("xtask/scripts/size.mjs")
            .arg(PKG_DIR)
            .args(["--budget", &SIZE_BUDGET_BROTLI.to_string()])
            .args(["--element-budget", &ELEMENT_SIZE_BUDGET_BROTLI.to_string()]),
    )
}
