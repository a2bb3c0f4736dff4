//! `<Toolbar>`: search (debounced), status and role filters, export, import, "Pending
//! invitations", "Invite people" and "Create user".

use crate::ui::search_box::SearchBox;
use tenantkit_wire::UserStatus;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ToolbarProps {
    /// The status filter in effect.
    pub status: Option<UserStatus>,
    /// The role filter in effect.
    pub role: Option<String>,
    /// Roles to offer in the role filter.
    pub roles: Vec<String>,
    /// An export is running.
    pub exporting: bool,
    /// The search text, after the debounce.
    pub onsearch: Callback<String>,
    /// A status was chosen (`None`: any).
    pub onstatus: Callback<Option<UserStatus>>,
    /// A role was chosen (`None`: any).
    pub onrole: Callback<Option<String>>,
    /// "Export CSV" was pressed.
    pub onexport: Callback<()>,
    /// "Create user" was pressed.
    pub oncreate: Callback<()>,
    /// "Pending invitations" was pressed.
    pub oninvitations: Callback<()>,
    /// "Invite people" was pressed.
    pub oninvite: Callback<()>,
    /// "Import CSV" was pressed.
    pub onimport: Callback<()>,
}

/// The controls above the table.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let messages = crate::i18n::use_messages();
    let onstatus = {
        let onstatus = props.onstatus.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                onstatus.emit(UserStatus::parse(&select.value()));
            }
        })
    };
    let onrole = {
        let onrole = props.onrole.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                let value = select.value();
                onrole.emit((!value.is_empty()).then_some(value));
            }
        })
    };
    let status_value = props.status.map(UserStatus::as_str).unwrap_or_default();
    let role_value = props.role.clone().unwrap_or_default();
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    let oncreate = props.oncreate.reform(|_: MouseEvent| ());
    let oninvitations = props.oninvitations.reform(|_: MouseEvent| ());
    let oninvite = props.oninvite.reform(|_: MouseEvent| ());
    let onimport = props.onimport.reform(|_: MouseEvent| ());
    html! {
        <div class="tk-toolbar" part="toolbar">
            <SearchBox label={messages.users.search_label} placeholder={messages.users.search_placeholder}
                onsearch={props.onsearch.clone()} />
            <label class="tk-field tk-field--inline">
                <span class="tk-field-label">{ messages.filter_status_label }</span>
                <select class="tk-select" part="filter" onchange={onstatus}>
                    { for [("", messages.filter_any_status), ("enabled", messages.status_enabled),
                           ("disabled", messages.status_disabled), ("invited", messages.status_invited)]
                        .into_iter().map(|(value, label)| html! {
                            <option {value} selected={value == status_value}>{ label }</option>
                        }) }
                </select>
            </label>
            <label class="tk-field tk-field--inline">
                <span class="tk-field-label">{ messages.filter_role_label }</span>
                <select class="tk-select" part="filter" onchange={onrole}>
                    <option value="" selected={role_value.is_empty()}>{ messages.filter_any_role }</option>
                    { for props.roles.iter().map(|role| html! {
                        <option value={role.clone()} selected={*role == role_value}>{ role.clone() }</option>
                    }) }
                </select>
            </label>
            <span class="tk-toolbar-spacer"></span>
            <button type="button" class="tk-button" part="button export-button"
                disabled={props.exporting} aria-busy={props.exporting.to_string()} onclick={onexport}>
                { if props.exporting { messages.exporting } else { messages.export_csv } }
            </button>
            <button type="button" class="tk-button" part="button invitations-button" onclick={oninvitations}>
                { messages.invitations.pending_title }
            </button>
            <button type="button" class="tk-button" part="button invite-button" onclick={oninvite}>
                { messages.invitations.invite_title }
            </button>
            <button type="button" class="tk-button" part="button import-button" onclick={onimport}>
                { messages.import.button }
            </button>
            <button type="button" class="tk-button tk-button--primary" part="button create-button" onclick={oncreate}>
                { messages.create_user }
            </button>
        </div>
    }
}
