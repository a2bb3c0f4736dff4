//! Which language an element speaks, and its catalog.
//!
//! The locale is the element's `locale` attribute (or property), else the `lang` of the nearest
//! ancestor that has one (the page's `<html lang>` usually), else the browser's languages; the
//! nearest locale with a catalog wins ([`tenantkit_widgets::i18n::resolve_locale`]), English when
//! none. English is compiled in; another locale's catalog is `pkg/locales/<tag>.json` of the
//! package, fetched once per page (`js/element.js` `loadCatalog`), or from where
//! `setLocalesUrl()` says. The page's `strings` (overrides, path -> text) go over the catalog.
//! Each language made is kept for the page's life, so elements share it and switching back is
//! free.

use std::cell::RefCell;
use tenantkit_widgets::Lang;
use tenantkit_widgets::collections::VecMap;
use tenantkit_widgets::i18n::{english_entries, resolve_locale};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    /// The text of `pkg/locales/<tag>.json` (relative to this module), or of `<base><tag>.json`.
    #[wasm_bindgen(js_name = loadCatalog, catch)]
    async fn load_catalog(tag: &str, base: Option<String>) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// Languages made so far, by locale and overrides.
    static LANGUAGES: RefCell<VecMap<(String, String), Lang>> = RefCell::default();
    /// Where catalogs are, when the page moved them (`setLocalesUrl`).
    static LOCALES_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// `setLocalesUrl(url)`: where the catalogs are (`<url><tag>.json`), for a bundler or CDN that
/// does not keep `pkg/locales/` beside the module; `null` goes back to the default.
#[wasm_bindgen(js_name = setLocalesUrl)]
pub fn set_locales_url(url: Option<String>) {
    LOCALES_URL.with(|base| *base.borrow_mut() = url);
}

/// The locale `host` should speak: its `locale` setting, the nearest `lang`, the browser's.
pub fn wanted(host: &HtmlElement, locale: Option<&str>) -> &'static str {
    let lang = host
        .closest("[lang]")
        .ok()
        .flatten()
        .and_then(|element| element.get_attribute("lang"));
    let browser: Vec<String> = web_sys::window()
        .map(|window| {
            window
                .navigator()
                .languages()
                .iter()
                .filter_map(|tag| tag.as_string())
                .collect()
        })
        .unwrap_or_default();
    resolve_locale(
        locale
            .into_iter()
            .chain(lang.as_deref())
            .chain(browser.iter().map(String::as_str)),
    )
}

/// The language of `locale` with the page's `overrides` (a JSON object, path -> text) over it.
/// A catalog that cannot be fetched or read falls back to English and says why in the console;
/// a string that does not fit (unknown, missing, mistyped) costs only itself.
pub async fn language(locale: &'static str, overrides: Option<&str>) -> Lang {
    let key = (locale.to_owned(), overrides.unwrap_or_default().to_owned());
    if let Some(lang) = LANGUAGES.with(|languages| languages.borrow().get(&key).copied()) {
        return lang;
    }
    let lang = match made(locale, overrides).await {
        Ok(lang) => lang,
        Err(problem) => {
            web_sys::console::warn_1(&format!("TenantKit: {problem}; showing English").into());
            Lang::english()
        }
    };
    LANGUAGES.with(|languages| languages.borrow_mut().insert(key, lang));
    lang
}

async fn made(locale: &'static str, overrides: Option<&str>) -> Result<Lang, String> {
    if overrides.is_none() && locale == "en" {
        return Ok(Lang::english());
    }
    let mut entries = if locale == "en" {
        english_entries()
    } else {
        let base = LOCALES_URL.with(|base| base.borrow().clone());
        let text = load_catalog(locale, base)
            .await
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| format!("the {locale} catalog could not be loaded"))?;
        object(&text).map_err(|error| format!("the {locale} catalog is not valid: {error}"))?
    };
    if let Some(overrides) = overrides {
        let overrides = object(overrides).map_err(|error| format!("strings: {error}"))?;
        entries.extend(overrides);
    }
    // A catalog of another version of the package, or an override of no string: each problem
    // costs only its own string, which stays English.
    let (lang, problems) = Lang::translated(locale, entries);
    if !problems.is_empty() {
        web_sys::console::warn_1(
            &format!(
                "TenantKit: {locale} strings not used ({}); those stay English",
                problems.join("; ")
            )
            .into(),
        );
    }
    Ok(lang)
}

/// `text` read as a JSON object, by the browser's `JSON.parse` ([`tenantkit_client::from_json`]).
fn object(text: &str) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    match tenantkit_client::from_json(text) {
        Ok(serde_json::Value::Object(entries)) => Ok(entries),
        Ok(_) => Err("a JSON object was expected".to_owned()),
        Err(error) => Err(error.to_string()),
    }
}
