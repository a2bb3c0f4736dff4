//! Writes `src/styles.css` without its comments and with no more whitespace than CSS needs to
//! `$OUT_DIR/styles.css`, which `STYLES` (`src/lib.rs`) includes: every module of the package
//! carries the stylesheet, and its comments and indentation are for people reading the source.
//! Strings (`content: ". "`) are copied as they are; what the browser parses is the same rules.

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=src/styles.css");
    let css = std::fs::read_to_string("src/styles.css")?;
    let out = std::env::var("OUT_DIR")?;
    std::fs::write(Path::new(&out).join("styles.css"), minified(&css))?;
    Ok(())
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
