//! The element's `tokenProvider` property (a JavaScript `async () => string | null`) as the
//! widgets' [`TokenProvider`].

use js_sys::{Function, Promise, Reflect};
use tenantkit_widgets::TokenProvider;
use tenantkit_wire::Secret;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

/// The property the shim keeps the function in.
const PROPERTY: &str = "tokenProvider";

/// A provider that calls `host.tokenProvider` at the time of the 401, so the latest function set
/// on the element is used. No function, a throw, a rejection or a non-string result all mean
/// "no fresh token".
pub(crate) fn from_host(host: HtmlElement) -> TokenProvider {
    TokenProvider::new(move || {
        let host = host.clone();
        async move {
            let provider = Reflect::get(&host, &JsValue::from_str(PROPERTY)).ok()?;
            let provider = provider.dyn_into::<Function>().ok()?;
            let result = provider.call0(&JsValue::UNDEFINED).ok()?;
            let token = JsFuture::from(Promise::resolve(&result)).await.ok()?;
            token.as_string().map(Secret::new)
        }
    })
}
