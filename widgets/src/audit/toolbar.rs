//! [`audit_toolbar`]: the audit log's controls: search (debounced), time range (presets, or a
//! custom from and to), action filter and CSV export.

use crate::audit::state::TimeRange;
use crate::messages::{AuditMessages, Messages};
use crate::ui::search_box::SearchBox;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What [`audit_toolbar`] shows and does.
#[derive(PartialEq, Clone, Debug)]
pub struct AuditToolbarProps {
    /// The time range in effect.
    pub range: TimeRange,
    /// The custom range's start as typed (`datetime-local` value).
    pub from: AttrValue,
    /// The custom range's end as typed.
    pub to: AttrValue,
    /// Why the custom range is not applied, if it is not.
    pub range_error: Option<AttrValue>,
    /// The action filter in effect.
    pub action: Option<String>,
    /// An export is running.
    pub exporting: bool,
    /// Said under the controls when the server looked for a short text among the newest events
    /// only.
    pub short_text_hint: Option<AttrValue>,
    /// The search text, after the debounce.
    pub onsearch: Callback<String>,
    /// A time range was chosen.
    pub onrange: Callback<TimeRange>,
    /// The custom range's start changed (the input's value).
    pub onfrom: Callback<String>,
    /// The custom range's end changed.
    pub onto: Callback<String>,
    /// An action was chosen (`None`: any).
    pub onaction: Callback<Option<String>>,
    /// "Export CSV" was pressed.
    pub onexport: Callback<()>,
}

/// The label of a time range.
fn range_label(range: TimeRange, audit: &AuditMessages) -> &'static str {
    match range {
        TimeRange::LastHour => audit.range_last_hour,
        TimeRange::LastDay => audit.range_last_day,
        TimeRange::LastWeek => audit.range_last_week,
        TimeRange::LastMonth => audit.range_last_month,
        TimeRange::All => audit.range_all,
        TimeRange::Custom => audit.range_custom,
    }
}

fn select_value(event: &Event) -> Option<String> {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|select| select.value())
}

fn input_value(event: &Event) -> Option<String> {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
}

/// The controls above the audit table. A plain function (see [`crate::ui`]).
pub fn audit_toolbar(messages: &Messages, props: &AuditToolbarProps) -> Html {
    let audit = &messages.audit;
    let onrange = {
        let onrange = props.onrange.clone();
        Callback::from(move |event: Event| {
            if let Some(range) = select_value(&event).as_deref().and_then(TimeRange::parse) {
                onrange.emit(range);
            }
        })
    };
    let onaction = {
        let onaction = props.onaction.clone();
        Callback::from(move |event: Event| {
            if let Some(value) = select_value(&event) {
                onaction.emit((!value.is_empty()).then_some(value));
            }
        })
    };
    let onfrom = {
        let onfrom = props.onfrom.clone();
        Callback::from(move |event: Event| onfrom.emit(input_value(&event).unwrap_or_default()))
    };
    let onto = {
        let onto = props.onto.clone();
        Callback::from(move |event: Event| onto.emit(input_value(&event).unwrap_or_default()))
    };
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    let action_value = props.action.clone().unwrap_or_default();
    let invalid = props.range_error.is_some();
    html! {
        <div class="tk-toolbar" part="toolbar">
            <SearchBox label={audit.list.search_label} placeholder={audit.list.search_placeholder}
                onsearch={props.onsearch.clone()} />
            <label class="tk-field tk-field--inline">
                <span class="tk-field-label">{ audit.range_label }</span>
                <select class="tk-select" part="filter range" onchange={onrange}>
                    { for TimeRange::ALL.into_iter().map(|range| html! {
                        <option value={range.value()} selected={range == props.range}>{ range_label(range, audit) }</option>
                    }) }
                </select>
            </label>
            if props.range == TimeRange::Custom {
                <label class="tk-field tk-field--inline">
                    <span class="tk-field-label">{ audit.from_label }</span>
                    <input type="datetime-local" step="1" class="tk-input" part="input range-from"
                        value={props.from.clone()} aria-invalid={invalid.to_string()}
                        aria-describedby={invalid.then_some("tk-range-error")} onchange={onfrom} />
                </label>
                <label class="tk-field tk-field--inline">
                    <span class="tk-field-label">{ audit.to_label }</span>
                    <input type="datetime-local" step="1" class="tk-input" part="input range-to"
                        value={props.to.clone()} aria-invalid={invalid.to_string()}
                        aria-describedby={invalid.then_some("tk-range-error")} onchange={onto} />
                </label>
            }
            <label class="tk-field tk-field--inline">
                <span class="tk-field-label">{ audit.action_label }</span>
                <select class="tk-select" part="filter action" onchange={onaction}>
                    <option value="" selected={action_value.is_empty()}>{ audit.any_action }</option>
                    { for audit.actions.iter().map(|(action, label)| html! {
                        <option value={*action} selected={*action == action_value}>{ *label }</option>
                    }) }
                </select>
            </label>
            <span class="tk-toolbar-spacer"></span>
            <button type="button" class="tk-button" part="button export-button"
                disabled={props.exporting} aria-busy={props.exporting.to_string()} onclick={onexport}>
                { if props.exporting { messages.exporting } else { messages.export_csv } }
            </button>
            if let Some(hint) = props.short_text_hint.clone() {
                <p class="tk-hint tk-toolbar-note" part="short-text-hint" role="status">{ hint }</p>
            }
            if let Some(error) = props.range_error.clone() {
                <p id="tk-range-error" class="tk-field-error tk-toolbar-note" role="alert">{ error }</p>
            }
        </div>
    }
}
