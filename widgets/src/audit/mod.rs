//! `<AuditLog>`: the tenant's audit trail, newest first, with loading, empty, error,
//! expired-session and missing-settings states; a time range (presets or custom), text search,
//! an action filter and pages; each event expandable to its details; CSV export of every event
//! the filter matches.
//!
//! This component owns the UI state (query, custom range as typed, expanded rows, notice) and
//! wires the other components together, like [`crate::roles`]. The list
//! request runs in [`crate::list::use_list`], the export in [`crate::csv`].

pub mod state;
pub mod table;
pub mod toolbar;

use crate::WidgetEvent;
use crate::audit::state::{AuditQuery, TimeRange};
use crate::audit::table::{AuditTableProps, audit_table};
use crate::audit::toolbar::{AuditToolbarProps, audit_toolbar};
use crate::csv;
use crate::list::{Frame, ListControls, use_list_widget};
use crate::messages::fill;
use crate::props::WidgetProps;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Settings of [`AuditLog`]: the ones every widget takes.
pub type AuditLogProps = WidgetProps;

/// Epoch milliseconds of a `datetime-local` value (read as the viewer's local time), or `None`
/// for an empty or unreadable one.
fn local_input_ms(value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        return None;
    }
    let time = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!time.is_nan()).then_some(time as i64)
}

/// The export's file name: `audit-<tenant>.csv`.
fn file_name(tenant: &str) -> String {
    let safe: String = tenant
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("audit-{safe}.csv")
}

/// Shows the audit log of one tenant.
#[component]
pub fn AuditLog(props: &AuditLogProps) -> Html {
    let lang = crate::i18n::use_lang();
    let messages = lang.messages();
    let audit = &messages.audit;
    let widget = use_list_widget::<AuditQuery, ()>(props);
    let ui = &widget.ui;
    let short_text_hint = widget.list.searched_newest().map(|events| {
        AttrValue::from(fill(
            audit.short_text_hint,
            "count",
            &lang.number(events as f64),
        ))
    });
    // The custom range as typed; applied to the query once both ends make sense.
    let custom_text = use_state(|| (String::new(), String::new()));
    let range_error = use_state(|| None::<AttrValue>);
    let exporting = use_state(|| false);
    // A change of the filter goes back to page 1 and collapses every row (the expanded rows are
    // the controller's selection).
    let ListControls {
        onsearch, onselect, ..
    } = widget.controls();
    let onaction = widget.query_callback(|q: &mut AuditQuery, action: Option<String>| {
        q.action = action;
        q.page = 0;
    });
    // Applies the typed custom range when it is one: the start not after the end.
    let apply_custom = {
        let widget = widget.clone();
        let range_error = range_error.clone();
        move |from_text: &str, to_text: &str| {
            let (from, to) = (local_input_ms(from_text), local_input_ms(to_text));
            if let (Some(from), Some(to)) = (from, to)
                && from > to
            {
                range_error.set(Some(audit.range_invalid.into()));
                return;
            }
            range_error.set(None);
            widget.change_query(move |q| {
                q.range = TimeRange::Custom;
                q.custom_from = from;
                q.custom_to = to;
                q.page = 0;
            });
        }
    };
    let onrange = {
        let widget = widget.clone();
        let custom_text = custom_text.clone();
        let range_error = range_error.clone();
        let apply_custom = apply_custom.clone();
        Callback::from(move |range: TimeRange| {
            if range == TimeRange::Custom {
                apply_custom(&custom_text.0, &custom_text.1);
            } else {
                range_error.set(None);
                widget.change_query(move |q| {
                    q.range = range;
                    q.page = 0;
                });
            }
        })
    };
    let onfrom = {
        let custom_text = custom_text.clone();
        let apply_custom = apply_custom.clone();
        Callback::from(move |from: String| {
            let to = custom_text.1.clone();
            apply_custom(&from, &to);
            custom_text.set((from, to));
        })
    };
    let onto = {
        let custom_text = custom_text.clone();
        Callback::from(move |to: String| {
            let from = custom_text.0.clone();
            apply_custom(&from, &to);
            custom_text.set((from, to));
        })
    };
    let ontoggle = {
        let expanded = ui.selection.clone();
        Callback::from(move |key: String| {
            let expand = !expanded.contains(&key);
            onselect.emit((key, expand));
        })
    };
    let onexport = {
        let widget = widget.clone();
        let exporting = exporting.clone();
        let tenant = props.tenant_name().unwrap_or_default().to_owned();
        Callback::from(move |()| {
            let Ok(target) = widget.target.clone() else {
                return;
            };
            let query = widget.ui.query.clone();
            let request = async move {
                let now_ms = js_sys::Date::now() as i64;
                csv::export_audit(&target, &query, now_ms).await
            };
            csv::run_export(&widget, &exporting, file_name(&tenant), request, |export| {
                let events = crate::messages::count(
                    export.count as u64,
                    audit.list.count_one,
                    audit.list.count_other,
                );
                (
                    WidgetEvent::AuditExported {
                        count: export.count,
                        total: export.total,
                    },
                    export.said(
                        audit.exported_capped,
                        fill(audit.exported, "events", &events),
                    ),
                )
            });
        })
    };

    let expanded = ui.selection.clone();
    widget.render(Frame {
        class: "tk-audit-log",
        list: &audit.list,
        tenant: props.tenant_name(),
        toolbar: audit_toolbar(
            messages,
            &AuditToolbarProps {
                range: ui.query.range,
                from: AttrValue::from(custom_text.0.clone()),
                to: AttrValue::from(custom_text.1.clone()),
                range_error: (*range_error).clone(),
                action: ui.query.action.clone(),
                exporting: *exporting,
                short_text_hint,
                onsearch,
                onrange,
                onfrom,
                onto,
                onaction,
                onexport,
            },
        ),
        bulk: Html::default(),
        table: &|list| {
            let props = AuditTableProps {
                rows: list.rows,
                caption: list.caption,
                expanded: expanded.clone(),
                ontoggle: ontoggle.clone(),
            };
            audit_table(&props, lang)
        },
        dialog: Html::default(),
    })
}
