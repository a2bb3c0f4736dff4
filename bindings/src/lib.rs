//! `@tenantkit/elements`: TenantKit's widgets as custom elements. This is the only crate that talks
//! to `customElements`.
//!
//! - [`element`]: `<tenant-user-management>`, one Rust object per element that owns the Yew app
//!   mounted in the element's open shadow root; `js/element.js` is the `class extends HTMLElement`
//!   that forwards to it.
//! - [`custom_events`]: every DOM event the elements dispatch.
//! - [`styles`]: the one constructable stylesheet all instances adopt.
//! - [`define`]: registers the elements; idempotent, and run when the module is initialised.
//!
//! In the bundle built by `cargo xtask build-wasm`:
//! ```html
//! <script type="module">
//!   import init from '@tenantkit/elements';
//!   await init();
//! </script>
//! <tenant-user-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-user-management>
//! ```

pub mod custom_events;
pub mod diagnostics;
pub mod element;
pub mod styles;
mod token_provider;

use wasm_bindgen::prelude::*;

/// Registers `<tenant-user-management>`. Defining again (or after another copy of the bundle
/// defined it) does nothing.
#[wasm_bindgen]
pub fn define() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("define() needs a window"))?;
    let registry = window.custom_elements();
    if registry.get(element::TAG).is_undefined() {
        element::define(element::TAG)?;
    }
    Ok(())
}

/// Runs when the module is initialised (`await init()`), so the tags work without another call.
#[wasm_bindgen(start)]
fn start() -> Result<(), JsValue> {
    define()
}

#[wasm_bindgen(typescript_custom_section)]
const ELEMENT_TYPES: &str = r#"
/** `<tenant-user-management>`: the users of one tenant. See the package README. */
export interface TenantUserManagementElement extends HTMLElement {
    /** Reflects the `project-id` attribute. */
    projectId: string | null;
    /** Reflects the `tenant` attribute. */
    tenant: string | null;
    /** Reflects the `base-url` attribute. */
    baseUrl: string | null;
    /** The tenant admin's session JWT; wins over the `session-token` attribute; not reflected. */
    sessionToken: string | null;
    /** Asked once for a fresh session JWT when the server answers 401. */
    tokenProvider: (() => Promise<string | null>) | null;
}

/** `detail` of `tk-ready`. */
export interface TkReadyDetail { count: number }
/** `detail` of `tk-error`. */
export interface TkErrorDetail { message: string; status: number | null }

declare global {
    interface HTMLElementTagNameMap {
        'tenant-user-management': TenantUserManagementElement;
    }
    interface HTMLElementEventMap {
        'tk-ready': CustomEvent<TkReadyDetail>;
        'tk-error': CustomEvent<TkErrorDetail>;
        'tk-session-expired': CustomEvent<null>;
        'tk-token-refreshed': CustomEvent<null>;
    }
}
"#;
