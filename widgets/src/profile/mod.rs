//! `<TenantProfile>`: one tenant's own settings, in sections: its name and custom attributes
//! ([`general`]), its email domains and their DNS proof ([`domains`]), whether SSO is enforced,
//! beside its SSO connections' status ([`enforce_sso`]), its session settings ([`session`]) and
//! its password policy ([`password`]). Loading, error, expired-session and missing-settings
//! states as in the other widgets; a section the signed-in admin may not change is read-only and
//! says which permission it needs ([`state::Access`]). Every change is told to the page as an
//! event, said in the notice bar and the live region, and the profile is loaded again.
//!
//! Requests: [`actions`], through [`use_profile::use_profile`]; pure logic: [`state`].

pub mod actions;
pub mod domains;
pub mod enforce_sso;
pub mod fields;
pub mod general;
pub mod password;
pub mod session;
pub mod state;
pub mod use_profile;

use crate::WidgetEvent;
use crate::events::DomainEventKind;
use crate::hooks::{use_ready_event, use_target};
use crate::list::LoadError;
use crate::messages::fill;
use crate::profile::domains::{DomainChange, DomainsSection};
use crate::profile::enforce_sso::EnforceSsoSection;
use crate::profile::general::GeneralSection;
use crate::profile::password::PasswordSection;
use crate::profile::session::SessionSection;
use crate::profile::state::{Access, ProfileState, has_enabled_connection, status_name};
use crate::profile::use_profile::use_profile;
use crate::props::WidgetProps;
use crate::ui::list_parts::widget_header;
use crate::ui::notice::{Notice, notice_bar};
use crate::ui::state_panel::{PanelKind, state_panel};
use tenantkit_wire::domain::DomainStatus;
use tenantkit_wire::policy::{PasswordSettings, TenantSettings};
use tenantkit_wire::tenant::Tenant;
use yew::prelude::*;

/// Settings of [`TenantProfile`]: the ones every widget takes.
pub type TenantProfileProps = WidgetProps;

/// Shows and changes the settings of one tenant.
#[component]
pub fn TenantProfile(props: &TenantProfileProps) -> Html {
    let messages = crate::i18n::use_messages();
    let p = &messages.profile;
    let target = use_target(props);
    let reload = use_state(|| 0_u64);
    let notice = use_state(|| None::<Notice>);
    let state = use_profile(
        target.clone(),
        props.refresh,
        *reload,
        props.on_event.clone(),
    );
    use_ready_event(
        matches!(state, ProfileState::Loaded(..)).then_some(1),
        props.on_event.clone(),
    );

    // A change landed: say so, tell the page, load the profile again.
    let changed = {
        let (notice, reload, on_event) = (notice.clone(), reload.clone(), props.on_event.clone());
        Callback::from(move |(text, event): (String, Option<WidgetEvent>)| {
            if let Some(event) = event {
                on_event.emit(event);
            }
            notice.set(Some(Notice::success(text)));
            reload.set(reload.wrapping_add(1));
        })
    };
    // A change failed: the section shows why; the page hears of it.
    let onerror = {
        let on_event = props.on_event.clone();
        Callback::from(move |error: LoadError| {
            on_event.emit(WidgetEvent::Error {
                message: error.message,
                status: error.status,
            })
        })
    };
    let ondismiss = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(None))
    };

    let tenant_label = props.tenant_name().map(AttrValue::from);
    let (live, body) = match (&target, &state) {
        (Err(missing), _) => {
            let fields = missing
                .iter()
                .map(|setting| crate::ui::list_parts::setting_name(*setting, messages))
                .collect::<Vec<_>>()
                .join(", ");
            (
                String::new(),
                state_panel(
                    PanelKind::MissingConfig,
                    messages.missing_config_title,
                    Some(&fill(messages.missing_config_detail, "fields", &fields)),
                ),
            )
        }
        (Ok(_), ProfileState::Loading) => (
            p.loading.to_owned(),
            state_panel(PanelKind::Loading, p.loading, None),
        ),
        (Ok(_), ProfileState::Failed(error)) => (
            String::new(),
            state_panel(PanelKind::Error, p.error_title, Some(&error.message)),
        ),
        (Ok(_), ProfileState::SessionExpired) => (
            messages.session_expired_title.to_owned(),
            state_panel(
                PanelKind::SessionExpired,
                messages.session_expired_title,
                Some(p.session_expired_detail),
            ),
        ),
        (Ok(target), ProfileState::Loaded(profile, refreshed)) => {
            let access = Access::of(&target.token, target.tenant.as_str());
            let tenant_saved = {
                let (changed, before) = (changed.clone(), profile.tenant.clone());
                Callback::from(move |after: Tenant| {
                    let mut fields = Vec::new();
                    if after.name != before.name {
                        fields.push("name");
                    }
                    if after.custom_attributes != before.custom_attributes {
                        fields.push("customAttributes");
                    }
                    if after.enforce_sso != before.enforce_sso {
                        fields.push("enforceSSO");
                    }
                    let text = if fields == ["enforceSSO"] {
                        if after.enforce_sso {
                            p.enforce_on
                        } else {
                            p.enforce_off
                        }
                        .to_owned()
                    } else {
                        fill(p.general_saved, "name", &after.name)
                    };
                    let event = WidgetEvent::TenantUpdated {
                        name: after.name,
                        enforce_sso: after.enforce_sso,
                        changed: fields,
                    };
                    changed.emit((text, Some(event)));
                })
            };
            let settings_saved = changed.reform(|settings: TenantSettings| {
                (
                    p.session_saved.to_owned(),
                    Some(WidgetEvent::SessionSettingsUpdated {
                        enabled: settings.enabled,
                    }),
                )
            });
            let password_saved = changed.reform(|policy: PasswordSettings| {
                (
                    p.password_saved.to_owned(),
                    Some(WidgetEvent::PasswordPolicyUpdated {
                        enabled: policy.enabled,
                    }),
                )
            });
            let domain_changed = changed.reform(move |change| domain_outcome(change, p));
            let domain_failed = {
                let (notice, onerror) = (notice.clone(), onerror.clone());
                Callback::from(move |(domain, error): (String, LoadError)| {
                    notice.set(Some(Notice::failure(format!(
                        "{} {}",
                        fill(p.domain_failed, "domain", &domain),
                        error.message
                    ))));
                    onerror.emit(error);
                })
            };
            let target = target.clone();
            (
                fill(p.loaded, "name", &profile.tenant.name),
                html! {
                    // Keyed by the page's refresh() the profile was loaded for: once it is in,
                    // the sections' forms start again from what the server holds now. A reload
                    // after one section saved keeps what the admin typed in the others.
                    <div class="tk-profile" part="profile" key={refreshed.to_string()}>
                        <GeneralSection target={target.clone()} tenant={profile.tenant.clone()}
                            definitions={profile.definitions.clone()} editable={access.user_admin}
                            onsaved={tenant_saved.clone()} onerror={onerror.clone()} />
                        <DomainsSection target={target.clone()} domains={profile.domains.clone()}
                            editable={access.sso_admin} onchanged={domain_changed} onfailed={domain_failed} />
                        <EnforceSsoSection target={target.clone()} tenant={profile.tenant.clone()}
                            connections={profile.connections.clone()} can_enforce={has_enabled_connection(profile)}
                            editable={access.sso_admin} onsaved={tenant_saved} onerror={onerror.clone()} />
                        <SessionSection target={target.clone()} settings={profile.settings.clone()}
                            editable={access.policy()} onsaved={settings_saved} onerror={onerror.clone()} />
                        <PasswordSection target={target} policy={profile.password.clone()}
                            editable={access.policy()} onsaved={password_saved} onerror={onerror.clone()} />
                    </div>
                },
            )
        }
    };
    let live = match &*notice {
        Some(notice) => notice.text.clone(),
        None => live,
    };
    html! {
        <section class="tk-widget tk-tenant-profile" part="base" aria-labelledby="tk-title">
            { widget_header(messages, p.title, tenant_label.as_deref(), None) }
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{ live }</p>
            if let Some(notice) = &*notice {
                { notice_bar(messages, notice, &ondismiss) }
            }
            <div class="tk-body" part="body">{ body }</div>
        </section>
    }
}

/// The notice and event of a domain change.
fn domain_outcome(
    change: DomainChange,
    p: &'static crate::messages::profile::ProfileMessages,
) -> (String, Option<WidgetEvent>) {
    let event = |kind: DomainEventKind, domain: &str, status: &'static str| {
        Some(WidgetEvent::Domain {
            kind,
            domain: domain.to_owned(),
            status,
        })
    };
    match change {
        DomainChange::Added(domain) => (
            fill(p.domain_added, "domain", &domain.domain),
            event(
                DomainEventKind::Added,
                &domain.domain,
                status_name(domain.status),
            ),
        ),
        DomainChange::Checked(domain) if domain.status == DomainStatus::Verified => (
            fill(p.domain_verified, "domain", &domain.domain),
            event(DomainEventKind::Verified, &domain.domain, "verified"),
        ),
        DomainChange::Checked(domain) => (
            fill(
                &fill(p.domain_not_verified, "domain", &domain.domain),
                "error",
                &domain.error,
            ),
            event(
                DomainEventKind::VerificationFailed,
                &domain.domain,
                status_name(domain.status),
            ),
        ),
        DomainChange::Removed(domain) => (
            fill(p.domain_removed, "domain", &domain),
            event(DomainEventKind::Removed, &domain, "removed"),
        ),
    }
}
