//! The elements' styles: one constructable stylesheet, created on first use and adopted by every
//! shadow root, instead of a `<style>` per instance.

use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

thread_local! {
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The shared stylesheet with the widgets' CSS.
pub fn shared() -> Result<CssStyleSheet, JsValue> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(tenantkit_widgets::STYLES)?;
        *cell.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })
}

/// Makes `shadow` use the shared stylesheet.
pub fn adopt(shadow: &ShadowRoot) -> Result<(), JsValue> {
    let sheet: JsValue = shared()?.into();
    shadow.set_adopted_style_sheets(&Array::of1(&sheet));
    Ok(())
}
