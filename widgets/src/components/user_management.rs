//! `<UserManagement>`: the tenant's users, with loading, empty, error, expired-session and
//! missing-settings states.

use crate::components::state_panel::{PanelKind, StatePanel};
use crate::components::user_table::UserTable;
use crate::hooks::{use_ready_event, use_user_search};
use crate::messages::{ENGLISH, Messages, fill};
use crate::state::{SearchTarget, Setting, UserListState};
use crate::{TokenProvider, WidgetEvent};
use tenantkit_wire::{ProjectId, Secret, TenantId};
use yew::prelude::*;

/// Settings of [`UserManagement`]. Missing or blank settings show the missing-settings state.
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct UserManagementProps {
    /// The project id of the API server.
    #[prop_or_default]
    pub project_id: Option<ProjectId>,
    /// The tenant to administer.
    #[prop_or_default]
    pub tenant: Option<TenantId>,
    /// The API server's base URL, e.g. `https://api.example.com`.
    #[prop_or_default]
    pub base_url: Option<AttrValue>,
    /// The tenant admin's session JWT.
    #[prop_or_default]
    pub session_token: Option<Secret>,
    /// Asked once for a fresh session JWT when the server answers 401.
    #[prop_or_default]
    pub token_provider: Option<TokenProvider>,
    /// Receives [`WidgetEvent`]s.
    #[prop_or_default]
    pub on_event: Callback<WidgetEvent>,
}

/// Lists the users of one tenant.
#[component]
pub fn UserManagement(props: &UserManagementProps) -> Html {
    let messages = &ENGLISH;
    let target = SearchTarget::from_settings(
        props.base_url.as_deref(),
        props.project_id.as_ref(),
        props.tenant.as_ref(),
        props.session_token.as_ref(),
    );
    let state = use_user_search(target, props.token_provider.clone(), props.on_event.clone());
    use_ready_event(state.loaded_count(), props.on_event.clone());

    let tenant = props
        .tenant
        .as_ref()
        .map(TenantId::as_str)
        .filter(|t| !t.trim().is_empty());
    let count = state.loaded_count().map(|count| match count {
        1 => messages.user_count_one.to_owned(),
        n => fill(messages.user_count_other, "count", &n.to_string()),
    });

    html! {
        <section class="tk-user-management" part="base" aria-labelledby="tk-title">
            <header class="tk-header" part="header">
                <div class="tk-heading">
                    <h2 id="tk-title" class="tk-title" part="title">{ messages.title }</h2>
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
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                { announcement(&state, messages) }
            </p>
            { body(&state, tenant.unwrap_or_default(), messages) }
        </section>
    }
}

/// What the live region says for a state.
fn announcement(state: &UserListState, messages: &Messages) -> String {
    match state {
        UserListState::Idle | UserListState::Loading => messages.loading.to_owned(),
        UserListState::Loaded { rows, .. } if rows.is_empty() => messages.empty_title.to_owned(),
        UserListState::Loaded { rows, .. } => fill(
            messages.loaded_announcement,
            "count",
            &rows.len().to_string(),
        ),
        UserListState::SessionExpired => messages.session_expired_title.to_owned(),
        // Errors and missing settings are announced by their panel (`role="alert"`).
        UserListState::Failed(_) | UserListState::MissingConfig(_) => String::new(),
    }
}

fn body(state: &UserListState, tenant: &str, messages: &Messages) -> Html {
    match state {
        UserListState::Idle | UserListState::Loading => html! {
            <StatePanel kind={PanelKind::Loading} title={messages.loading} />
        },
        UserListState::MissingConfig(missing) => {
            let fields = missing
                .iter()
                .map(|setting| setting_name(*setting, messages))
                .collect::<Vec<_>>()
                .join(", ");
            html! {
                <StatePanel
                    kind={PanelKind::MissingConfig}
                    title={messages.missing_config_title}
                    detail={fill(messages.missing_config_detail, "fields", &fields)}
                />
            }
        }
        UserListState::Loaded { rows, .. } if rows.is_empty() => html! {
            <StatePanel kind={PanelKind::Empty} title={messages.empty_title} detail={messages.empty_detail} />
        },
        UserListState::Loaded { rows, .. } => html! {
            <UserTable
                rows={rows.clone()}
                caption={AttrValue::from(fill(messages.table_caption, "tenant", tenant))}
            />
        },
        UserListState::Failed(error) => html! {
            <StatePanel kind={PanelKind::Error} title={messages.error_title} detail={error.message.clone()} />
        },
        UserListState::SessionExpired => html! {
            <StatePanel
                kind={PanelKind::SessionExpired}
                title={messages.session_expired_title}
                detail={messages.session_expired_detail}
            />
        },
    }
}

fn setting_name(setting: Setting, messages: &Messages) -> &'static str {
    match setting {
        Setting::ProjectId => messages.field_project_id,
        Setting::BaseUrl => messages.field_base_url,
        Setting::Tenant => messages.field_tenant,
        Setting::SessionToken => messages.field_session_token,
    }
}
