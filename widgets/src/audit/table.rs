//! `audit_table`: a tenant's events as an accessible table, newest first: time, action, actor,
//! user and remote address. Each row has a button (`aria-expanded`, `aria-controls`) that shows
//! the event's details in the row under it: the recorded action and type, the tenants, the ids
//! behind the names, and the event's data as a key/value list.

use crate::audit::state::{AuditRow, iso_utc};
use crate::collections::VecSet;
use crate::messages::{AuditMessages, fill};
use crate::ui::table::{plain_header, table};
use std::rc::Rc;
use yew::prelude::*;

/// What [`audit_table`] shows and whom it tells.
#[derive(Debug)]
pub struct AuditTableProps {
    /// The rows, newest first.
    pub rows: Rc<[AuditRow]>,
    /// The table's caption (visually hidden; the widget's heading shows the same).
    pub caption: AttrValue,
    /// Keys ([`AuditRow::key`]) of the expanded rows.
    pub expanded: Rc<VecSet<String>>,
    /// A row's expand button was pressed: its key.
    pub ontoggle: Callback<String>,
}

/// The audit table. Every cell is text. A plain function (see [`crate::ui`]).
pub fn audit_table(props: &AuditTableProps, lang: crate::i18n::Lang) -> Html {
    let messages = lang.messages();
    let audit = &messages.audit;
    let header = html! {
        <>
            <td class="tk-expand-cell" part="header-cell">
                <span class="tk-visually-hidden">{ audit.column_details }</span>
            </td>
            { plain_header(audit.column_time) }
            { plain_header(audit.column_action) }
            { plain_header(audit.column_actor) }
            { plain_header(audit.column_user) }
            { plain_header(audit.column_address) }
        </>
    };
    let rows = props.rows.iter().enumerate();
    table(
        props.caption.clone(),
        Some("tk-audit-table"),
        header,
        html! {
            { for rows.map(|(index, row)| event_rows(index, row, props, messages, lang)) }
        },
    )
}

/// One event: its row and, under it, its details row. Each pair is a `<tbody>` of its own, so the
/// two stay together and the table's last row is still the last event's.
fn event_rows(
    index: usize,
    row: &AuditRow,
    props: &AuditTableProps,
    messages: &'static crate::messages::Messages,
    lang: crate::i18n::Lang,
) -> Html {
    let audit = &messages.audit;
    let expanded = props.expanded.contains(&row.key);
    let details_id = format!("tk-audit-details-{index}");
    let label = audit.action_label(&row.action);
    let time = lang.instant(row.occurred_ms as f64);
    let ontoggle = {
        let ontoggle = props.ontoggle.clone();
        let key = row.key.clone();
        Callback::from(move |_: MouseEvent| ontoggle.emit(key.clone()))
    };
    let button_label = fill(&fill(audit.details_label, "action", label), "time", &time);
    let text_or_dash = |value: &str| {
        if value.is_empty() {
            html! { <span class="tk-muted">{ messages.empty_cell }</span> }
        } else {
            html! { { value.to_owned() } }
        }
    };
    html! {
        <tbody key={row.key.clone()} class={classes!("tk-event", expanded.then_some("tk-event--expanded"))}>
            <tr part="row">
                <td class="tk-expand-cell" part="cell">
                    <button type="button" class="tk-icon-button tk-expand" part="expand-button"
                        aria-expanded={expanded.to_string()} aria-controls={details_id.clone()}
                        aria-label={button_label} onclick={ontoggle}>
                        <span class="tk-expand-icon" aria-hidden="true"></span>
                    </button>
                </td>
                <th scope="row" class="tk-audit-time" data-column="time" part="cell">
                    <time datetime={iso_utc(row.occurred_ms)} title={iso_utc(row.occurred_ms)}>{ time }</time>
                </th>
                <td data-column="action" part="cell">
                    <span class={classes!("tk-action", format!("tk-action--{}", kind_class(&row.kind)))} part="action">
                        { label.to_owned() }
                    </span>
                </td>
                <td data-column="actor" part="cell">
                    if crate::made_by_product(&row.actor_id) {
                        <span title={row.actor_id.clone()}>{ audit.by_product }</span>
                    } else {
                        { text_or_dash(&row.actor) }
                    }
                </td>
                <td data-column="user" part="cell">{ text_or_dash(&row.user) }</td>
                <td data-column="address" part="cell">{ text_or_dash(&row.remote_address) }</td>
            </tr>
            <tr id={details_id} class="tk-details-row" part="details-row" hidden={!expanded}>
                <td colspan="6" part="cell details">
                    if expanded {
                        { details(row, messages) }
                    }
                </td>
            </tr>
        </tbody>
    }
}

/// `info`, `warn`, `error`, or `info` for anything else (a class name, never user text).
fn kind_class(kind: &str) -> &'static str {
    match kind {
        "warn" => "warn",
        "error" => "error",
        _ => "info",
    }
}

fn kind_label(kind: &str, audit: &AuditMessages) -> String {
    match kind {
        "info" => audit.kind_info.to_owned(),
        "warn" => audit.kind_warn.to_owned(),
        "error" => audit.kind_error.to_owned(),
        other => other.to_owned(),
    }
}

/// The details of one event: what the server recorded, then its data.
fn details(row: &AuditRow, messages: &'static crate::messages::Messages) -> Html {
    let audit = &messages.audit;
    let entry = |term: &str, value: String| {
        html! {
            <div class="tk-detail">
                <dt>{ term.to_owned() }</dt>
                <dd>{ if value.is_empty() { messages.empty_cell.to_owned() } else { value } }</dd>
            </div>
        }
    };
    html! {
        <div class="tk-details" part="details">
            <dl class="tk-detail-list">
                { entry(audit.detail_action, row.action.clone()) }
                { entry(audit.detail_type, kind_label(&row.kind, audit)) }
                { entry(audit.detail_tenants, row.tenants.join(", ")) }
                { entry(audit.detail_actor_id, row.actor_id.clone()) }
                { entry(audit.detail_user_id, row.user_id.clone()) }
            </dl>
            <p class="tk-details-heading">{ audit.detail_data }</p>
            if row.data.is_empty() {
                <p class="tk-muted">{ audit.no_data }</p>
            } else {
                <dl class="tk-detail-list tk-detail-list--data" part="event-data" aria-label={audit.detail_data}>
                    { for row.data.iter().map(|(key, value)| entry(key, value.clone())) }
                </dl>
            }
        </div>
    }
}
