//! Every DOM event the elements dispatch, from one place: names namespaced `tk-` in kebab-case,
//! all with `bubbles` and `composed` so they cross the shadow boundary.
//!
//! | event | `detail` |
//! |---|---|
//! | `tk-ready` | `{ count }`: users rendered the first time data arrived |
//! | `tk-error` | `{ message, status }`: the server's message, the HTTP status or `null` |
//! | `tk-session-expired` | `null` |
//! | `tk-token-refreshed` | `null` (the page's `tokenProvider` made the token, so it has it) |

use js_sys::{Object, Reflect};
use tenantkit_widgets::WidgetEvent;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// The first data has been rendered.
pub const READY: &str = "tk-ready";
/// A request failed.
pub const ERROR: &str = "tk-error";
/// The session token was refused and no fresh one was available.
pub const SESSION_EXPIRED: &str = "tk-session-expired";
/// A fresh token from `tokenProvider` made a refused request succeed.
pub const TOKEN_REFRESHED: &str = "tk-token-refreshed";

/// Dispatches `event` on `target` as its DOM event.
pub fn dispatch(target: &EventTarget, event: &WidgetEvent) {
    let (name, detail) = match event {
        WidgetEvent::Ready { count } => (READY, detail(&[("count", JsValue::from(*count))])),
        WidgetEvent::Error { message, status } => (
            ERROR,
            detail(&[
                ("message", JsValue::from_str(message)),
                ("status", status.map_or(JsValue::NULL, JsValue::from)),
            ]),
        ),
        WidgetEvent::SessionExpired => (SESSION_EXPIRED, JsValue::NULL),
        WidgetEvent::TokenRefreshed => (TOKEN_REFRESHED, JsValue::NULL),
    };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    // Creating a CustomEvent with a valid name cannot fail, and exceptions thrown by listeners are
    // reported by the browser, not returned here.
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

fn detail(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
