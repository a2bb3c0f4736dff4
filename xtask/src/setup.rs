//! Idempotent set-up of everything the project needs beyond rustup and Node/npm: the wasm32
//! target and the standard library's sources (`rust-src`), wasm-bindgen-cli at Cargo.lock's exact version, wasm-pack, Debian's chromium, chromium-driver,
//! postgresql (and gcc and python3-venv when missing), clang, libclang-dev and xmlsec1 (SAML), the npm dev dependencies (wasm-opt from `binaryen`, `playwright-core`, Descope's
//! Node SDK) and a Python virtualenv with Descope's Python SDK for the compatibility tests and
//! PyPI `pysaml2` for the test and demo SAML identity provider (`tests/idp/saml-idp.py`).
//! Each step first checks whether it is already done, so a warm run takes about a second.

use crate::process::{self, exec, probe};
use crate::{TaskResult, root};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Runs every set-up step.
pub fn run() -> TaskResult {
    let started = Instant::now();
    wasm_target()?;
    rust_src()?;
    debian_packages()?;
    wasm_bindgen_cli()?;
    wasm_pack()?;
    npm_packages()?;
    python_packages()?;
    println!(
        "xtask: setup complete in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn wasm_target() -> TaskResult {
    let installed = probe("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("xtask: adding the {WASM_TARGET} target");
    exec(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The standard library's sources, which the release bundle compiles with its own size profile
/// (`xtask/src/wasm.rs`, `with_own_std`).
fn rust_src() -> TaskResult {
    let installed = probe("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == "rust-src") {
        return Ok(());
    }
    println!("xtask: adding the rust-src component");
    exec(Command::new("rustup").args(["component", "add", "rust-src"]))
}

/// Debian packages whose files are missing.
fn missing_debian_packages() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("chromium");
    }
    if !Path::new("/usr/bin/chromedriver").exists() {
        missing.push("chromium-driver");
    }
    if postgres_bin_dir().is_none() {
        missing.push("postgresql");
    }
    // The DNS server the domain-verification tests publish TXT records on (the binary only:
    // the `dnsmasq` package would also start a system service on port 53).
    if !Path::new("/usr/sbin/dnsmasq").exists() {
        missing.push("dnsmasq-base");
    }
    // The bundled SQLite and `ring` compile C; rustup brings no C compiler.
    if probe("cc", &["--version"]).is_none() {
        missing.push("gcc");
    }
    // The SAML service provider (the `samael` crate) binds libxmlsec1 through bindgen, which
    // needs libclang; the SAML tests sign Responses with the `xmlsec1` tool.
    if !Path::new("/usr/bin/clang").exists() {
        missing.push("clang");
    }
    if !has_libclang() {
        missing.push("libclang-dev");
    }
    if !Path::new("/usr/bin/xmlsec1").exists() {
        missing.push("xmlsec1");
    }
    // The HTTP load generator of `cargo xtask bench-load`.
    if !Path::new("/usr/bin/wrk").exists() {
        missing.push("wrk");
    }
    // Debian's python3 has no `venv`/`ensurepip` without this package.
    if probe("python3", &["-c", "import ensurepip, venv"]).is_none() {
        missing.push("python3-venv");
    }
    missing
}

fn debian_packages() -> TaskResult {
    let missing = missing_debian_packages();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing Debian packages: {}", missing.join(" "));
    if !process::is_root() && probe("sudo", &["-n", "true"]).is_none() {
        return Err(format!(
            "these Debian packages are missing and installing them needs root: {}; \
             run `sudo apt-get install {}` (or run this command as root), then again",
            missing.join(", "),
            missing.join(" ")
        ));
    }
    exec(process::privileged("apt-get").arg("update").arg("-q"))?;
    exec(
        process::privileged("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&missing),
    )
}

/// Whether a `libclang.so` of Debian's `libclang-dev` is installed (`/usr/lib/llvm-<v>/lib`).
fn has_libclang() -> bool {
    std::fs::read_dir("/usr/lib")
        .map(|entries| {
            entries.filter_map(Result::ok).any(|entry| {
                entry.file_name().to_string_lossy().starts_with("llvm-")
                    && entry.path().join("lib/libclang.so").exists()
            })
        })
        .unwrap_or(false)
}

/// The newest `/usr/lib/postgresql/<version>/bin` that holds `initdb`.
pub fn postgres_bin_dir() -> Option<PathBuf> {
    let mut candidates: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, bin)| bin)
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> TaskResult<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_owned())
}

fn wasm_bindgen_cli() -> TaskResult {
    let wanted = locked_wasm_bindgen_version()?;
    if installed_version("wasm-bindgen").as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {wanted} (about 3 minutes, once)");
    // Not `--locked`: the CLI's own lock file pins a crate the registry no longer serves.
    cargo_install("wasm-bindgen-cli", &wanted, &[])
}

/// `cargo install <krate> --version =<version>`, with `extra` flags.
fn cargo_install(krate: &str, version: &str, extra: &[&str]) -> TaskResult {
    exec(
        Command::new("cargo")
            .args(["install", krate, "--version", &format!("={version}")])
            .args(extra),
    )
}

/// The version a `<tool> --version` prints (`wasm-bindgen 0.2.130`), if the tool runs.
fn installed_version(tool: &str) -> Option<String> {
    probe(tool, &["--version"])?
        .split_whitespace()
        .nth(1)
        .map(str::to_owned)
}

/// The wasm-pack release `cargo xtask build-wasm` was written against.
const WASM_PACK_VERSION: &str = "0.15.1";

/// wasm-pack builds the bundle (`cargo xtask build-wasm`). It runs with `--mode no-install`, so
/// it uses the wasm-bindgen installed above and never downloads a tool of its own.
fn wasm_pack() -> TaskResult {
    if installed_version("wasm-pack").as_deref() == Some(WASM_PACK_VERSION) {
        return Ok(());
    }
    println!("xtask: installing wasm-pack {WASM_PACK_VERSION} (about 4 minutes, once)");
    cargo_install("wasm-pack", WASM_PACK_VERSION, &["--locked"])
}

fn npm_packages() -> TaskResult {
    let root = root();
    let marker = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (modified(&marker), modified(&lock)) {
        (Some(installed), Some(locked)) => installed >= locked,
        _ => false,
    };
    if fresh && wasm_opt().exists() {
        return Ok(());
    }
    println!("xtask: installing npm dev dependencies (npm ci)");
    exec(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&root),
    )
}

/// The virtualenv of the compatibility tests and of the SAML identity provider (each
/// requirements file of [`REQUIREMENTS`], pinned exactly).
pub fn python() -> PathBuf {
    root().join("target/python/bin/python")
}

/// The requirements files installed into the one virtualenv: Descope's Python SDK and
/// schemathesis; pysaml2; scim2-tester.
const REQUIREMENTS: [&str; 3] = [
    "tests/compat/requirements.txt",
    "tests/idp/requirements.txt",
    "tests/scim/requirements.txt",
];

fn python_packages() -> TaskResult {
    let root = root();
    let venv = root.join("target/python");
    let marker = venv.join(".installed");
    let fresh =
        REQUIREMENTS.iter().all(
            |file| match (modified(&marker), modified(&root.join(file))) {
                (Some(installed), Some(wanted)) => installed >= wanted,
                _ => false,
            },
        );
    if fresh && python().exists() && venv.join("bin/pip").exists() {
        return Ok(());
    }
    println!("xtask: installing the Python packages (compatibility tests, SAML IdP)");
    // A venv without pip is what an earlier failed attempt leaves behind: start it over.
    if !venv.join("bin/pip").exists() {
        if venv.exists() {
            std::fs::remove_dir_all(&venv)
                .map_err(|e| format!("cannot remove {}: {e}", venv.display()))?;
        }
        exec(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let mut pip = Command::new(python());
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]);
    for file in REQUIREMENTS {
        pip.arg("-r").arg(root.join(file));
    }
    exec(&mut pip)?;
    std::fs::write(
        &marker,
        format!("installed from {}\n", REQUIREMENTS.join(" ")),
    )
    .map_err(|e| format!("cannot write {}: {e}", marker.display()))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `wasm-opt` from npm `binaryen` (Debian's is too old for current Rust output).
pub fn wasm_opt() -> PathBuf {
    root().join("node_modules/.bin/wasm-opt")
}
