//! What every list widget shows around its table, whatever it lists: the heading with the tenant
//! and the count, the live announcement, and the state panel that stands in for the table while
//! loading, when empty, on errors, when the session has expired and when settings are missing.

use crate::list::{ListState, Setting};
use crate::messages::{ListMessages, Messages, count_of, fill};
use crate::ui::search_box::SearchBox;
use crate::ui::state_panel::{PanelKind, state_panel};
use yew::prelude::*;

/// The heading row of a widget: its title (`id="tk-title"`: the widget's `<section>` is labelled
/// by it), the tenant when set, and "41 users" once the total is known. A plain function (see
/// [`crate::ui`]).
pub fn widget_header(
    messages: &Messages,
    title: &str,
    tenant: Option<&str>,
    count: Option<AttrValue>,
) -> Html {
    html! {
        <header class="tk-header" part="header">
            <div class="tk-heading">
                <h2 id="tk-title" class="tk-title" part="title">{ title.to_owned() }</h2>
                if let Some(tenant) = tenant {
                    <p class="tk-subtitle" part="subtitle">
                        { fill(messages.tenant_label, "tenant", tenant) }
                    </p>
                }
            </div>
            if let Some(count) = count {
                <span class="tk-count" part="count">{ count }</span>
            }
        </header>
    }
}

/// "1 role" / "12 roles" for the total, once it is known.
pub fn count_label<R>(state: &ListState<R>, list: &ListMessages) -> Option<AttrValue> {
    state
        .total()
        .map(|total| count_of(total, state.is_capped(), list.count_one, list.count_other).into())
}

/// What the live region says for a state.
pub fn announcement<R>(state: &ListState<R>, list: &ListMessages, messages: &Messages) -> String {
    match state {
        ListState::Idle
        | ListState::Loading
        | ListState::Loaded {
            refreshing: true, ..
        } => list.loading.to_owned(),
        ListState::Loaded { rows, .. } if rows.is_empty() => list.empty_title.to_owned(),
        ListState::Loaded { rows, .. } => {
            fill(list.loaded_announcement, "count", &rows.len().to_string())
        }
        ListState::SessionExpired => messages.session_expired_title.to_owned(),
        // Errors and missing settings are announced by their panel (`role="alert"`).
        ListState::Failed(_) | ListState::MissingConfig(_) => String::new(),
    }
}

/// The panel that stands in for the table, or `None` when there are rows to show. `filtered`:
/// a search or filter narrows the list, so "none" means "none match".
pub fn list_panel<R>(
    state: &ListState<R>,
    filtered: bool,
    list: &ListMessages,
    messages: &Messages,
) -> Option<Html> {
    let panel = match state {
        ListState::Idle | ListState::Loading => state_panel(PanelKind::Loading, list.loading, None),
        ListState::MissingConfig(missing) => {
            let fields = missing
                .iter()
                .map(|setting| setting_name(*setting, messages))
                .collect::<Vec<_>>()
                .join(", ");
            state_panel(
                PanelKind::MissingConfig,
                messages.missing_config_title,
                Some(&fill(messages.missing_config_detail, "fields", &fields)),
            )
        }
        ListState::Loaded { rows, .. } if rows.is_empty() && filtered => state_panel(
            PanelKind::Empty,
            list.no_match_title,
            Some(list.no_match_detail),
        ),
        ListState::Loaded { rows, .. } if rows.is_empty() => {
            state_panel(PanelKind::Empty, list.empty_title, Some(list.empty_detail))
        }
        ListState::Loaded { .. } => return None,
        ListState::Failed(error) => {
            state_panel(PanelKind::Error, list.error_title, Some(&error.message))
        }
        ListState::SessionExpired => state_panel(
            PanelKind::SessionExpired,
            messages.session_expired_title,
            Some(list.session_expired_detail),
        ),
    };
    Some(panel)
}

pub fn setting_name(setting: Setting, messages: &Messages) -> &'static str {
    match setting {
        Setting::ProjectId => messages.field_project_id,
        Setting::BaseUrl => messages.field_base_url,
        Setting::Tenant => messages.field_tenant,
        Setting::SessionToken => messages.field_session_token,
    }
}

/// The toolbar of a list that is searched and added to: the search box, then the create button.
pub fn search_and_create(
    list: &ListMessages,
    onsearch: Callback<String>,
    create: &'static str,
    oncreate: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="tk-toolbar" part="toolbar">
            <SearchBox label={list.search_label} placeholder={list.search_placeholder} {onsearch} />
            <span class="tk-toolbar-spacer"></span>
            <button type="button" class="tk-button tk-button--primary" part="button create-button" onclick={oncreate}>
                { create }
            </button>
        </div>
    }
}

/// The bar over a table while `count` rows are selected: how many, the bulk `actions`, and a way
/// to clear the selection. A plain function (see [`crate::ui`]).
pub fn selection_bar(
    messages: &Messages,
    count: usize,
    onclear: &Callback<()>,
    actions: Html,
) -> Html {
    let onclear = onclear.reform(|_: MouseEvent| ());
    html! {
        <div class="tk-bulk-bar" part="bulk-bar" role="toolbar" aria-label={messages.bulk_label}>
            <span class="tk-bulk-count">{ fill(messages.selected_count, "count", &count.to_string()) }</span>
            { actions }
            <button type="button" class="tk-link-button" part="button" onclick={onclear}>{ messages.clear_selection }</button>
        </div>
    }
}

/// One bulk action's button.
pub fn bulk_button(label: &'static str, danger: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button"
            class={classes!("tk-button", "tk-button--small", danger.then_some("tk-button--danger-outline"))}
            part="button bulk-button" {onclick}>{ label }</button>
    }
}
