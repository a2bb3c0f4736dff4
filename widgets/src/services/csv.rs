//! CSV export of the current filter: every page fetched in turn, then handed to the browser as a
//! download from a Blob URL.
//!
//! Cells are quoted when they contain a quote, comma or line break, and a cell that a spreadsheet
//! would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
//! leading `'` so it stays text.

use crate::state::{SearchTarget, UserQuery};
use tenantkit_client::ApiError;
use tenantkit_wire::User;
use wasm_bindgen::{JsCast, JsValue};

/// Users fetched per request while exporting.
pub const EXPORT_PAGE_SIZE: u32 = 100;
/// Pages fetched at most (100,000 users): a guard against a server that never stops paging.
const MAX_PAGES: u32 = 1000;

/// Header row of the export.
pub const HEADER: [&str; 8] = [
    "loginId",
    "name",
    "email",
    "phone",
    "status",
    "roles",
    "createdTime",
    "userId",
];

/// One cell, escaped for CSV and guarded against formula injection.
pub fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains(['"', ',', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One CSV line (with CRLF, as RFC 4180 asks).
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|value| cell(value.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// The CSV line of one user.
pub fn user_line(user: &User) -> String {
    line(&[
        user.login_ids
            .first()
            .map(|id| id.as_str().to_owned())
            .unwrap_or_default(),
        user.name.clone(),
        user.email.clone(),
        user.phone.clone(),
        user.status.as_str().to_owned(),
        user.role_names.join("; "),
        user.created_time.to_string(),
        user.user_id.as_str().to_owned(),
    ])
}

/// Every user matching `query` (all pages, in its sort order) as CSV, and how many.
pub async fn export(target: &SearchTarget, query: &UserQuery) -> Result<(String, usize), ApiError> {
    let client = target.client();
    let mut csv = line(&HEADER);
    let mut count = 0_usize;
    for page in 0..MAX_PAGES {
        let response = client
            .search_users(&query.request(page, EXPORT_PAGE_SIZE))
            .await?;
        for user in &response.users {
            csv.push_str(&user_line(user));
        }
        count += response.users.len();
        let fetched = u64::try_from(count).unwrap_or(u64::MAX);
        if response.users.len() < EXPORT_PAGE_SIZE as usize || fetched >= response.total {
            break;
        }
    }
    Ok((csv, count))
}

/// Offers `csv` as a download named `file_name`, through a temporary Blob URL.
pub fn download(csv: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoking right away can cancel the download in some browsers; a minute is plenty.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_pass_through() {
        assert_eq!(cell("ada@acme.test"), "ada@acme.test");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn quotes_commas_and_newlines_are_quoted() {
        assert_eq!(cell("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn a_line_ends_with_crlf() {
        assert_eq!(line(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }
}
