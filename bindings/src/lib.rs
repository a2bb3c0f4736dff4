//! `@tenantkit/elements`: TenantKit's widgets as custom elements. This is the only crate that talks
//! to `customElements`.
//!
//! - [`element`]: `<tenant-user-management>`, `<tenant-role-management>`,
//!   `<tenant-access-key-management>`, `<tenant-audit-log>`, `<tenant-sso-setup>` and
//!   `<tenant-profile>`, one generic
//!   definition for all ([`element::CustomElement`], [`element::ELEMENTS`]), one Rust object per
//!   element that owns the Yew app mounted in the element's open shadow root; `js/element.js` is
//!   the `class extends HTMLElement` that forwards to it.
//! - [`custom_events`]: every DOM event the elements dispatch.
//! - [`styles`]: the one constructable stylesheet all instances adopt.
//! - [`define`]: registers the elements; idempotent, and run when the module is initialised.
//!
//! The package's public JavaScript and TypeScript entry is hand-written in `js/` (`index.js`,
//! `define.js`, the React and Vue wrappers and their `.d.ts`): wasm-bindgen's output in `pkg/`
//! is an internal module of the package.
//!
//! In the bundle built by `cargo xtask build-wasm`:
//! ```html
//! <script type="module">
//!   import init from '@tenantkit/elements';
//!   await init();
//! </script>
//! <tenant-user-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-user-management>
//! <tenant-role-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-role-management>
//! <tenant-access-key-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-access-key-management>
//! <tenant-audit-log project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-audit-log>
//! ```

pub mod custom_events;
pub mod diagnostics;
pub mod element;
pub mod locale;
pub mod styles;
mod token_provider;

use wasm_bindgen::prelude::*;

/// Registers `<tenant-user-management>`, `<tenant-role-management>`,
/// `<tenant-access-key-management>`, `<tenant-audit-log>`, `<tenant-sso-setup>` and
/// `<tenant-profile>`. Defining
/// again (or after another copy of the bundle defined them) does nothing.
#[wasm_bindgen]
pub fn define() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("define() needs a window"))?;
    let registry = window.custom_elements();
    for definition in element::ELEMENTS.iter().copied() {
        definition.define(&registry)?;
    }
    Ok(())
}

/// Runs when the module is initialised (`await init()`), so the tags work without another call.
#[wasm_bindgen(start)]
fn start() -> Result<(), JsValue> {
    define()
}
