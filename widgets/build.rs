//! Writes `src/styles.css` without its comments and with no more whitespace than CSS needs to
//! `$OUT_DIR/styles.css`, which `STYLES` (`src/lib.rs`) includes: every module of the package
//! carries the stylesheet, and its comments and indentation are for people reading the source.
//! Strings (`content: ". "`) are copied as they are; what the browser parses is the same rules.
//!
//! A build with some elements only (one element's module, `cargo xtask build-wasm`) keeps the
//! rules that name a class its code can use: a `tk-` class spelled in a source file of the crate
//! that the build compiles (the folders of the other elements are not), or a `tk-x--` prefix
//! (a modifier formatted at run time, `tk-badge--{status}`) of it. A rule naming no class
//! (`:host`, `@keyframes`) is kept.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=src");
    let css = std::fs::read_to_string("src/styles.css")?;
    let gated = gated_modules(&std::fs::read_to_string("src/lib.rs")?);
    let mut used = BTreeSet::new();
    classes_in(Path::new("src"), &gated, &mut used)?;
    let out = std::env::var("OUT_DIR")?;
    std::fs::write(
        Path::new(&out).join("styles.css"),
        rules_using(&minified(&css), &used),
    )?;
    Ok(())
}

/// The modules `src/lib.rs` compiles for some elements only, each with the features (as cargo
/// names them to a build script: `CARGO_FEATURE_<NAME>`) of which any compiles it: a `#[cfg(...)]`
/// line naming `feature = "..."`s, then the `mod` line it gates. Read from `lib.rs` itself, so
/// the stylesheet follows the same `cfg`s the compiler does.
fn gated_modules(lib: &str) -> Vec<(String, Vec<String>)> {
    let mut gated = Vec::new();
    let mut features: Option<Vec<String>> = None;
    for line in lib.lines().map(str::trim) {
        let module = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'));
        if let (Some(features), Some(module)) = (features.take(), module) {
            gated.push((module.to_owned(), features));
        }
        // Only a `cfg` of features, any of them (`not(...)` and other conditions are left ungated).
        features = line
            .strip_prefix("#[cfg(")
            .filter(|cfg| !cfg.contains("not("))
            .map(|cfg| {
                cfg.split("feature = \"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next())
                    .map(|name| name.to_uppercase().replace('-', "_"))
                    .collect::<Vec<_>>()
            })
            .filter(|features| !features.is_empty());
    }
    gated
}

/// Adds every `tk-` class spelled in the Rust files under `folder` that this build compiles:
/// a module of `gated` ([`gated_modules`], the modules of `src/` itself) only when one of its
/// features is on.
fn classes_in(
    folder: &Path,
    gated: &[(String, Vec<String>)],
    used: &mut BTreeSet<String>,
) -> Result<(), Box<dyn Error>> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let module = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let compiled =
            gated
                .iter()
                .find(|(gated, _)| gated == module)
                .is_none_or(|(_, features)| {
                    features
                        .iter()
                        .any(|f| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some())
                });
        if !compiled {
            continue;
        }
        if path.is_dir() {
            classes_in(&path, &[], used)?;
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            let text = std::fs::read_to_string(&path)?;
            used.extend(class_names(&text).map(str::to_owned));
        }
    }
    Ok(())
}

/// The `tk-` names in `text`: `tk-` followed by lower-case letters, digits and `-`.
fn class_names(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("tk-").filter_map(|(start, _)| {
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
            return None;
        }
        let rest = &text[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(rest.len());
        Some(&rest[..end])
    })
}

/// The top-level rules of the minified `css` that name no class, or one in `used` (itself, or
/// its `tk-x--` prefix).
fn rules_using(css: &str, used: &BTreeSet<String>) -> String {
    let is_used = |class: &str| {
        used.contains(class)
            || class
                .find("--")
                .is_some_and(|modifier| used.contains(&class[..modifier + 2]))
    };
    top_level_rules(css)
        .filter(|rule| {
            let selector = &rule[..rule.find('{').unwrap_or(rule.len())];
            let mut classes = selector
                .split('.')
                .skip(1)
                .filter(|part| part.starts_with("tk-"))
                .map(|part| {
                    let end = part
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                        .unwrap_or(part.len());
                    &part[..end]
                })
                .peekable();
            classes.peek().is_none() || classes.any(is_used)
        })
        .collect()
}

/// The top-level rules of `css` (a rule with its block, an `@media` with its rules), in order.
/// Braces inside strings do not count.
fn top_level_rules(css: &str) -> impl Iterator<Item = &str> {
    let mut rules = Vec::new();
    let (mut depth, mut start, mut quote) = (0usize, 0, None);
    let mut escaped = false;
    for (i, c) in css.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        rules.push(&css[start..=i]);
                        start = i + 1;
                    }
                }
                _ => {}
            },
        }
    }
    rules.into_iter()
}

/// Characters around which whitespace means nothing, in selectors and declarations alike. Not
/// `,`: a value with `var()` keeps its whitespace as written (`getPropertyValue` shows it).
const TIGHT: [char; 3] = ['{', '}', ';'];

/// `css` without comments, each run of whitespace one space or none (none beside [`TIGHT`]), and
/// no `;` before a `}`.
fn minified(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for inner in chars.by_ref() {
                if last == '*' && inner == '/' {
                    break;
                }
                last = inner;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let after_tight = out
            .chars()
            .next_back()
            .is_none_or(|last| TIGHT.contains(&last));
        if space && !after_tight && !TIGHT.contains(&c) {
            out.push(' ');
        }
        space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
        if c == '"' || c == '\'' {
            // A string, escapes included, up to its closing quote.
            while let Some(inner) = chars.next() {
                out.push(inner);
                if inner == '\\' {
                    if let Some(escaped) = chars.next() {
                        out.push(escaped);
                    }
                } else if inner == c {
                    break;
                }
            }
        }
    }
    out
}
