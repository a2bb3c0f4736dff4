//! CSV export of the current filter: every page fetched in turn (up to a cap), then handed to
//! the browser as a download from a Blob URL. The user list and the audit log export this way.
//!
//! Cells are quoted when they contain a quote, comma or line break, and a cell that a spreadsheet
//! would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
//! leading `'` so it stays text.

use crate::WidgetEvent;
#[cfg(feature = "audit-log")]
use crate::audit::state::{AuditQuery, AuditRow, iso_utc, rows_of};
use crate::list::{ListQuery, ListWidget, LoadError, SearchTarget};
use crate::messages::fill;
use crate::ui::notice::Notice;
#[cfg(feature = "users")]
use crate::users::state::UserQuery;
use std::future::Future;
use tenantkit_client::ApiError;
#[cfg(feature = "users")]
use tenantkit_wire::User;
use wasm_bindgen::{JsCast, JsValue};
use yew::UseStateHandle;

/// Users fetched per request while exporting (the server's largest page).
pub const EXPORT_PAGE_SIZE: u32 = tenantkit_wire::user::MAX_PAGE_SIZE;
/// Users exported at most; the widget says so when the filter matches more.
pub const MAX_EXPORTED_USERS: usize = 100_000;

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
#[cfg(feature = "users")]
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

/// Every user matching `query` (all pages, in its sort order, at most [`MAX_EXPORTED_USERS`]) as
/// CSV, how many it holds, and how many match.
#[cfg(feature = "users")]
pub async fn export(target: &SearchTarget, query: &UserQuery) -> Result<Export, ApiError> {
    let client = target.client();
    let (users, (total, capped)) = fetch_all(EXPORT_PAGE_SIZE, MAX_EXPORTED_USERS, |page| {
        let request = query.request(page, EXPORT_PAGE_SIZE);
        let client = client.clone();
        async move {
            let response = client.search_users(&request).await?;
            Ok((response.users, (response.total, response.total_capped)))
        }
    })
    .await?;
    let mut csv = line(&HEADER);
    for user in &users {
        csv.push_str(&user_line(user));
    }
    Ok(Export {
        csv,
        count: users.len(),
        total,
        capped,
    })
}

/// A list's total as the server reports it: how many match, and whether it stopped counting
/// there (`totalCapped`: more match).
pub type Reported = (u64, bool);

/// Fetches pages 0, 1, ... of `page_size` rows through `fetch_page` (which answers a page's rows
/// and the server's total) until a short page, the total (unless capped), or `max_rows`.
/// Answers the rows (at most `max_rows`) and the last total the server reported; a capped one
/// becomes exact when a short page showed where the list ends.
pub async fn fetch_all<T, F, Fut>(
    page_size: u32,
    max_rows: usize,
    mut fetch_page: F,
) -> Result<(Vec<T>, Reported), ApiError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Reported), ApiError>>,
{
    let mut rows = Vec::new();
    let mut reported = (0, false);
    let mut page = 0_u32;
    while rows.len() < max_rows {
        let (fetched, said) = fetch_page(page).await?;
        reported = said;
        let short = fetched.len() < page_size as usize;
        rows.extend(fetched);
        let counted = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        if short && reported.1 {
            reported = (counted, false);
        }
        if short || (!reported.1 && counted >= reported.0) {
            break;
        }
        page += 1;
    }
    rows.truncate(max_rows);
    Ok((rows, reported))
}

/// Events fetched per request while exporting the audit log (the server's largest page).
pub const AUDIT_EXPORT_PAGE_SIZE: u32 = 1000;
/// Events exported at most: the newest ones of a larger selection, and the admin is told.
pub const AUDIT_EXPORT_MAX_ROWS: usize = 10_000;

/// Header row of the audit export.
pub const AUDIT_HEADER: [&str; 11] = [
    "occurred",
    "action",
    "type",
    "actor",
    "actorId",
    "user",
    "userId",
    "remoteAddress",
    "tenants",
    "data",
    "occurredMs",
];

/// The CSV line of one event: the time in UTC (ISO 8601) and as epoch milliseconds, the data as
/// `key=value` pairs.
#[cfg(feature = "audit-log")]
pub fn audit_line(row: &AuditRow) -> String {
    let data = row
        .data
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("; ");
    line(&[
        iso_utc(row.occurred_ms),
        row.action.clone(),
        row.kind.clone(),
        row.actor.clone(),
        row.actor_id.clone(),
        row.user.clone(),
        row.user_id.clone(),
        row.remote_address.clone(),
        row.tenants.join("; "),
        data,
        row.occurred_ms.to_string(),
    ])
}

/// An export: the file and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The CSV text.
    pub csv: String,
    /// Rows in it.
    pub count: usize,
    /// Rows matching the filter (more than `count` when the cap stopped the export).
    pub total: u64,
    /// The server stopped counting at `total`: more match ("10000+").
    pub capped: bool,
}

impl Export {
    /// What the notice says: `capped` ("Exported {count} of {total}.") when the cap stopped
    /// the export, else `all`.
    pub fn said(&self, capped: &str, all: String) -> String {
        if self.capped || (self.count as u64) < self.total {
            let total = if self.capped {
                format!("{}+", self.total)
            } else {
                self.total.to_string()
            };
            fill(
                &fill(capped, "count", &self.count.to_string()),
                "total",
                &total,
            )
        } else {
            all
        }
    }
}

/// Runs `request` (an export) for `widget` while `exporting` says so, then offers the file as
/// `file_name` and says what it holds: `done` makes the page's event and the notice's text.
pub fn run_export<Q: ListQuery, D: Clone + Default + 'static>(
    widget: &ListWidget<Q, D>,
    exporting: &UseStateHandle<bool>,
    file_name: String,
    request: impl Future<Output = Result<Export, ApiError>> + 'static,
    done: impl FnOnce(&Export) -> (WidgetEvent, String) + 'static,
) {
    if **exporting {
        return;
    }
    exporting.set(true);
    let (widget, exporting) = (widget.clone(), exporting.clone());
    let export_failed = widget.messages.export_failed;
    widget.requests.clone().run(request, move |result| {
        exporting.set(false);
        match result {
            Ok(export) => match download(&export.csv, &file_name) {
                Ok(()) => {
                    let (event, text) = done(&export);
                    widget.emit(event);
                    widget.notify(Notice::success(text));
                }
                Err(_) => widget.notify(Notice::failure(export_failed.to_owned())),
            },
            Err(error) => {
                let error = LoadError::from(&error);
                widget.emit(WidgetEvent::Error {
                    message: error.message.clone(),
                    status: error.status,
                });
                widget.notify(Notice::failure(format!(
                    "{export_failed} {}",
                    error.message
                )));
            }
        }
    });
}

/// The events matching `query` at `now_ms`, newest first, as CSV: every page of the filter, not
/// only the one on screen, up to [`AUDIT_EXPORT_MAX_ROWS`].
#[cfg(feature = "audit-log")]
pub async fn export_audit(
    target: &SearchTarget,
    query: &AuditQuery,
    now_ms: i64,
) -> Result<Export, ApiError> {
    let client = target.client();
    let (records, (total, capped)) =
        fetch_all(AUDIT_EXPORT_PAGE_SIZE, AUDIT_EXPORT_MAX_ROWS, |page| {
            let request = query.request(page, AUDIT_EXPORT_PAGE_SIZE, now_ms);
            let client = client.clone();
            async move {
                let response = client.search_audit(&request).await?;
                Ok((response.audits, (response.total, response.total_capped)))
            }
        })
        .await?;
    let mut csv = line(&AUDIT_HEADER);
    for row in rows_of(&records) {
        csv.push_str(&audit_line(&row));
    }
    Ok(Export {
        csv,
        count: records.len(),
        total,
        capped,
    })
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
    fn audit_lines_guard_every_cell() {
        let row = AuditRow {
            key: String::new(),
            occurred_ms: 1_714_571_107_123,
            action: "UserModified".into(),
            kind: "info".into(),
            actor: "admin@acme.test".into(),
            actor_id: "U1".into(),
            user: "=cmd|' /C calc'!A0".into(),
            user_id: "U2".into(),
            remote_address: "127.0.0.1".into(),
            tenants: vec!["acme".into()],
            data: vec![("name".into(), "Ada, \"the\" first".into())],
        };
        assert_eq!(
            audit_line(&row),
            "2024-05-01T13:45:07.123Z,UserModified,info,admin@acme.test,U1,'=cmd|' /C calc'!A0,\
             U2,127.0.0.1,acme,\"name=Ada, \"\"the\"\" first\",1714571107123\r\n"
        );
    }

    #[test]
    fn fetching_all_pages_stops_at_the_total_a_short_page_or_the_cap() {
        let pages = |total: u64| {
            move |page: u32| async move {
                let start = u64::from(page) * 2;
                let rows: Vec<u64> = (start..(start + 2).min(total)).collect();
                Ok::<_, ApiError>((rows, (total, false)))
            }
        };
        let run = |future| block_on(future);
        assert_eq!(
            run(fetch_all(2, 100, pages(5))),
            Ok((vec![0, 1, 2, 3, 4], (5, false)))
        );
        assert_eq!(
            run(fetch_all(2, 100, pages(4))),
            Ok((vec![0, 1, 2, 3], (4, false)))
        );
        assert_eq!(
            run(fetch_all(2, 3, pages(9))),
            Ok((vec![0, 1, 2], (9, false)))
        );
    }

    #[test]
    fn a_capped_total_is_a_lower_bound_until_a_short_page() {
        // 7 rows, the server counting only up to 4 of them.
        let pages = |page: u32| async move {
            let start = u64::from(page) * 2;
            let rows: Vec<u64> = (start..(start + 2).min(7)).collect();
            Ok::<_, ApiError>((rows, (4, true)))
        };
        let run = |future| block_on(future);
        assert_eq!(
            run(fetch_all(2, 100, pages)),
            Ok((vec![0, 1, 2, 3, 4, 5, 6], (7, false))),
            "every row, the total now known"
        );
        assert_eq!(
            run(fetch_all(2, 5, pages)),
            Ok((vec![0, 1, 2, 3, 4], (4, true))),
            "cut by the export's own cap: still a lower bound"
        );
        let export = |count, total, capped| Export {
            csv: String::new(),
            count,
            total,
            capped,
        };
        let said = |export: Export| export.said("{count} of {total}", "all".to_owned());
        assert_eq!(said(export(5, 4, true)), "5 of 4+");
        assert_eq!(said(export(3, 9, false)), "3 of 9");
        assert_eq!(said(export(9, 9, false)), "all");
    }

    /// Runs a future that never waits (the fake pages above are ready at once).
    fn block_on<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        loop {
            if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut context) {
                return value;
            }
        }
    }

    #[test]
    fn a_line_ends_with_crlf() {
        assert_eq!(line(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }
}
