//! `<SessionSection>`: the tenant's own session settings (Descope's tenant settings: session
//! and refresh token lifetimes, inactivity timeout, on or off). Checked in the browser with the
//! wire crate's `TenantSettings::validate`, the rule the server runs; the server's refusal is
//! shown next to its field. Read-only, with the reason, without both `User Admin` and `SSO Admin`.

use crate::list::{LoadError, SearchTarget, use_requests};
use crate::profile::actions;
use crate::profile::fields::{check, number, policy_section, save_policy, section_footer};
use crate::profile::state::{SESSION_FIELDS, SessionValues};
use crate::ui::form::{FormState, on_text, on_value, use_form};
use tenantkit_wire::policy::{TenantSettings, TimeUnit};
use yew::prelude::*;

/// Properties of [`SessionSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SessionSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The settings as loaded, or why they could not be.
    pub settings: Result<TenantSettings, LoadError>,
    /// The admin may change them.
    pub editable: bool,
    /// Saved.
    pub onsaved: Callback<TenantSettings>,
    /// The server refused: the widget's `tk-error`.
    pub onerror: Callback<LoadError>,
}

/// The session settings.
#[component]
pub fn SessionSection(props: &SessionSectionProps) -> Html {
    let p = &crate::i18n::use_messages().profile;
    policy_section(
        "session",
        p.session_title,
        props.editable,
        &props.settings,
        |settings| {
            html! {
                <SessionForm target={props.target.clone()} settings={settings.clone()} editable={props.editable}
                    onsaved={props.onsaved.clone()} onerror={props.onerror.clone()} />
            }
        },
        p,
    )
}

/// Properties of [`SessionForm`].
#[derive(Properties, PartialEq, Clone, Debug)]
struct SessionFormProps {
    target: SearchTarget,
    settings: TenantSettings,
    editable: bool,
    onsaved: Callback<TenantSettings>,
    onerror: Callback<LoadError>,
}

#[component]
fn SessionForm(props: &SessionFormProps) -> Html {
    let messages = crate::i18n::use_messages();
    let p = &messages.profile;
    let requests = use_requests();
    let form = use_form::<SessionValues, &'static str>(&SessionValues::of(&props.settings));
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = form.clone();
    let update = |change: fn(&mut SessionValues, String), field: &'static str| {
        on_text(&values, &errors, field, change)
    };
    let toggle = |change: fn(&mut SessionValues)| on_value(&values, move |v, ()| change(v));
    let unit = |change: fn(&mut SessionValues, TimeUnit)| on_value(&values, change);
    let onsubmit = {
        let form = form.clone();
        let props = props.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let target = props.target.clone();
            save_policy(
                &form,
                &requests,
                form.values.settings(
                    &props.settings,
                    props.target.tenant.as_str(),
                    p.whole_number,
                ),
                SESSION_FIELDS,
                move |value| async move { actions::save_settings(&target, &value).await },
                (props.onsaved.clone(), props.onerror.clone()),
                p,
            );
        })
    };
    let v = &*values;
    html! {
        <form class="tk-form" part="form" novalidate=true {onsubmit}>
            <fieldset class="tk-policy" disabled={!props.editable}>
                { check("tk-profile-session-enabled", p.session_enabled, v.enabled, toggle(|v| v.enabled = !v.enabled)) }
                <p class="tk-hint">{ p.session_enabled_hint }</p>
                <div class="tk-policy-grid">
                    { number("tk-profile-session-token", p.session_token, &v.session, errors.get("sessionTokenExpiration"),
                        update(|v, s| v.session = s, "sessionTokenExpiration"),
                        Some((v.session_unit, unit(|v, u| v.session_unit = u))), p) }
                    { number("tk-profile-refresh-token", p.refresh_token, &v.refresh, errors.get("refreshTokenExpiration"),
                        update(|v, s| v.refresh = s, "refreshTokenExpiration"),
                        Some((v.refresh_unit, unit(|v, u| v.refresh_unit = u))), p) }
                </div>
                { check("tk-profile-inactivity-enabled", p.inactivity_enabled, v.inactivity, toggle(|v| v.inactivity = !v.inactivity)) }
                if v.inactivity {
                    <div class="tk-policy-grid">
                        { number("tk-profile-inactivity-time", p.inactivity_time, &v.inactivity_time, errors.get("InactivityTime"),
                            update(|v, s| v.inactivity_time = s, "InactivityTime"),
                            Some((v.inactivity_unit, unit(|v, u| v.inactivity_unit = u))), p) }
                    </div>
                }
            </fieldset>
            { section_footer(form_error.as_ref(), props.editable, *submitting, messages) }
        </form>
    }
}
