//! Small DOM helpers: focus management inside a shadow root (dialogs and menus), the clipboard,
//! the text of a picked file.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::NodeRef;

/// What can take focus with Tab inside a dialog or menu.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

/// The focusable elements inside `node`, in document order.
pub fn focusables(node: &NodeRef) -> Vec<HtmlElement> {
    let Some(element) = node.cast::<Element>() else {
        return Vec::new();
    };
    let Ok(list) = element.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The focused element of the shadow root (or document) `node` lives in.
pub fn active_element(node: &NodeRef) -> Option<Element> {
    let element = node.cast::<Element>()?;
    let root = element.get_root_node();
    match root.dyn_into::<ShadowRoot>() {
        Ok(shadow) => shadow.active_element(),
        Err(_) => web_sys::window()?.document()?.active_element(),
    }
}

/// Focuses `element` when it is an `HtmlElement` still on the page.
pub fn focus(element: &Element) {
    if element.is_connected()
        && let Some(element) = element.dyn_ref::<HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Moves focus among `items` by `step` (wrapping), from the focused one.
pub fn move_focus(node: &NodeRef, items: &[HtmlElement], step: isize) {
    if items.is_empty() {
        return;
    }
    let active = active_element(node);
    let current = items.iter().position(|item| {
        active
            .as_ref()
            .is_some_and(|a| a == item.unchecked_ref::<Element>())
    });
    let len = items.len() as isize;
    let next = match current {
        Some(index) => (index as isize + step).rem_euclid(len),
        None if step < 0 => len - 1,
        None => 0,
    };
    if let Some(item) = items.get(next as usize) {
        let _ = item.focus();
    }
}

/// Writes `text` to the clipboard; whether the browser took it.
pub async fn copy_to_clipboard(text: String) -> bool {
    let clipboard = web_sys::window().map(|window| window.navigator().clipboard());
    match clipboard {
        Some(clipboard) => wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
            .await
            .is_ok(),
        None => false,
    }
}

/// The text of a file the user picked or dropped (`None`: it could not be read).
#[cfg(any(feature = "users", feature = "sso-setup"))]
pub async fn file_text(file: web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
}
