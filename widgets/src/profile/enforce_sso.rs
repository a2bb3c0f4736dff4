//! `<EnforceSsoSection>`: whether the tenant's members must sign in with SSO, with the tenant's
//! SSO connections and their status beside it. The switch is refused, with the reason, while no
//! connection is enabled (the server refuses it too: nobody could sign in), and read-only for an
//! admin without `SSO Admin`. A change is sent at once.

use crate::list::{LoadError, SearchTarget, use_requests};
use crate::messages::fill;
use crate::profile::actions;
use crate::profile::state::{ConnectionStatus, TENANT_FIELDS, server_errors};
use tenantkit_wire::sso::SsoConnection;
use tenantkit_wire::tenant::Tenant;
use yew::prelude::*;

/// Properties of [`EnforceSsoSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct EnforceSsoSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The tenant as loaded.
    pub tenant: Tenant,
    /// Its SSO connections, or why they could not be loaded.
    pub connections: Result<Vec<SsoConnection>, LoadError>,
    /// Some connection is enabled.
    pub can_enforce: bool,
    /// The admin may change the switch.
    pub editable: bool,
    /// Saved: the tenant as it now is.
    pub onsaved: Callback<Tenant>,
    /// The server refused: the widget's `tk-error`.
    pub onerror: Callback<LoadError>,
}

/// Enforce SSO and the connections' status.
#[component]
pub fn EnforceSsoSection(props: &EnforceSsoSectionProps) -> Html {
    let messages = crate::i18n::use_messages();
    let p = &messages.profile;
    let requests = use_requests();
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let enforced = props.tenant.enforce_sso;
    // Turning it off is always possible; turning it on needs an enabled connection.
    let refused = !enforced && !props.can_enforce;
    let onchange = {
        let (busy, error, props) = (busy.clone(), error.clone(), props.clone());
        Callback::from(move |_: Event| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let tenant = Tenant {
                enforce_sso: !props.tenant.enforce_sso,
                ..props.tenant.clone()
            };
            let (busy, error, props) = (busy.clone(), error.clone(), props.clone());
            requests.send(async move {
                let result = actions::update_tenant(&props.target, &tenant).await;
                busy.set(false);
                match result {
                    Ok(()) => props.onsaved.emit(tenant),
                    Err(failure) => {
                        props.onerror.emit(LoadError::from(&failure));
                        let (fields, rest) = server_errors(&failure, TENANT_FIELDS);
                        error.set(fields.get("enforceSSO").cloned().or(rest));
                    }
                }
            });
        })
    };
    let reason = if !props.editable {
        Some(p.sso_read_only)
    } else if refused {
        Some(p.enforce_needs_connection)
    } else {
        None
    };
    let described_by = match (&*error, reason) {
        (Some(_), _) => Some("tk-profile-enforce-error"),
        (None, Some(_)) => Some("tk-profile-enforce-reason"),
        _ => Some("tk-profile-enforce-hint"),
    };
    let connections = match &props.connections {
        Err(failure) => html! {
            <p class="tk-hint" part="section-error">{ fill(p.section_failed, "error", &failure.message) }</p>
        },
        Ok(list) if list.is_empty() => html! { <p class="tk-hint">{ p.connections_none }</p> },
        Ok(list) => html! {
            <ul class="tk-connections" part="connections">
                { for list.iter().map(|connection| {
                    let (text, class) = match ConnectionStatus::of(connection) {
                        ConnectionStatus::Enabled => (p.connection_enabled, "tk-badge--enabled"),
                        ConnectionStatus::Disabled => (p.connection_disabled, "tk-badge--disabled"),
                        ConnectionStatus::NotConfigured => (p.connection_not_configured, "tk-badge--invited"),
                    };
                    let name = if connection.display_name.trim().is_empty() {
                        connection.sso_id.clone()
                    } else {
                        connection.display_name.clone()
                    };
                    html! {
                        <li key={connection.sso_id.clone()} data-sso-id={connection.sso_id.clone()}>
                            <span class="tk-connection-name">{ name }</span>
                            <span class={classes!("tk-badge", class)} part="badge">{ text }</span>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="tk-profile-section" part="section sso-section" aria-labelledby="tk-profile-sso-title">
            <h3 id="tk-profile-sso-title" class="tk-section-title" part="section-title">{ p.sso_title }</h3>
            <label class="tk-check">
                <input id="tk-profile-enforce-sso" type="checkbox" class="tk-checkbox" part="checkbox"
                    checked={enforced} disabled={reason.is_some() || *busy}
                    aria-busy={busy.to_string()} aria-describedby={described_by} {onchange} />
                { p.enforce_sso }
            </label>
            <p id="tk-profile-enforce-hint" class="tk-hint">{ p.enforce_sso_hint }</p>
            if let Some(reason) = reason {
                <p id="tk-profile-enforce-reason" class="tk-hint tk-read-only" part={if props.editable { "refused-reason" } else { "read-only-reason" }}>{ reason }</p>
            }
            if let Some(message) = &*error {
                <p id="tk-profile-enforce-error" class="tk-field-error" part="field-error" role="alert">{ message.clone() }</p>
            }
            <h4 class="tk-subsection-title">{ p.connections }</h4>
            { connections }
        </section>
    }
}
