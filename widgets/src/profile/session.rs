//! `<SessionSection>`: the tenant's own session settings (Descope's tenant settings: session
//! and refresh token lifetimes, inactivity timeout, on or off). Checked in the browser with the
//! wire crate's `TenantSettings::validate`, the rule the server runs; the server's refusal is
//! shown next to its field. Read-only, with the reason, without both `User Admin` and `SSO Admin`.

use crate::list::{LoadError, SearchTarget, use_requests};
use crate::messages::ENGLISH;
use crate::profile::actions;
use crate::profile::fields::{check, number, policy_section};
use crate::profile::state::{Errors, SESSION_FIELDS, SessionValues, server_errors};
use crate::ui::form::{FormState, use_form, value_of};
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
    policy_section(
        "session",
        ENGLISH.profile.session_title,
        props.editable,
        &props.settings,
        |settings| {
            html! {
                <SessionForm target={props.target.clone()} settings={settings.clone()} editable={props.editable}
                    onsaved={props.onsaved.clone()} onerror={props.onerror.clone()} />
            }
        },
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
    let messages = &ENGLISH;
    let p = &messages.profile;
    let requests = use_requests();
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = use_form::<SessionValues, &'static str>(&SessionValues::of(&props.settings));

    let update = |change: fn(&mut SessionValues, String), field: &'static str| {
        let (values, errors) = (values.clone(), errors.clone());
        Callback::from(move |event: InputEvent| {
            let Some(text) = value_of(&event) else { return };
            let mut next = (*values).clone();
            change(&mut next, text);
            values.set(next);
            if errors.contains_key(field) {
                let mut next = (*errors).clone();
                next.remove(field);
                errors.set(next);
            }
        })
    };
    let toggle = |change: fn(&mut SessionValues)| {
        let values = values.clone();
        Callback::from(move |()| {
            let mut next = (*values).clone();
            change(&mut next);
            values.set(next);
        })
    };
    let unit = |change: fn(&mut SessionValues, TimeUnit)| {
        let values = values.clone();
        Callback::from(move |unit: TimeUnit| {
            let mut next = (*values).clone();
            change(&mut next, unit);
            values.set(next);
        })
    };
    let onsubmit = {
        let (values, errors, form_error, submitting) = (
            values.clone(),
            errors.clone(),
            form_error.clone(),
            submitting.clone(),
        );
        let props = props.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *submitting {
                return;
            }
            form_error.set(None);
            let tenant = props.target.tenant.as_str();
            let settings = match values.settings(&props.settings, tenant, p.whole_number) {
                Ok(settings) => settings,
                Err(found) => {
                    errors.set(found);
                    form_error.set(Some(p.fix_errors.to_owned()));
                    return;
                }
            };
            errors.set(Errors::new());
            submitting.set(true);
            let (errors, form_error, submitting, props) = (
                errors.clone(),
                form_error.clone(),
                submitting.clone(),
                props.clone(),
            );
            requests.send(async move {
                let result = actions::save_settings(&props.target, &settings).await;
                submitting.set(false);
                match result {
                    Ok(()) => props.onsaved.emit(settings),
                    Err(error) => {
                        props.onerror.emit(LoadError::from(&error));
                        let (fields, rest) = server_errors(&error, SESSION_FIELDS);
                        errors.set(fields);
                        form_error.set(rest.map(|rest| format!("{} {rest}", p.save_failed)));
                    }
                }
            });
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
                        Some((v.session_unit, unit(|v, u| v.session_unit = u)))) }
                    { number("tk-profile-refresh-token", p.refresh_token, &v.refresh, errors.get("refreshTokenExpiration"),
                        update(|v, s| v.refresh = s, "refreshTokenExpiration"),
                        Some((v.refresh_unit, unit(|v, u| v.refresh_unit = u)))) }
                </div>
                { check("tk-profile-inactivity-enabled", p.inactivity_enabled, v.inactivity, toggle(|v| v.inactivity = !v.inactivity)) }
                if v.inactivity {
                    <div class="tk-policy-grid">
                        { number("tk-profile-inactivity-time", p.inactivity_time, &v.inactivity_time, errors.get("InactivityTime"),
                            update(|v, s| v.inactivity_time = s, "InactivityTime"),
                            Some((v.inactivity_unit, unit(|v, u| v.inactivity_unit = u)))) }
                    </div>
                }
            </fieldset>
            if let Some(error) = &*form_error {
                <p class="tk-form-error" part="form-error" role="alert">{ error.clone() }</p>
            }
            if props.editable {
                <div class="tk-section-actions">
                    <button type="submit" class="tk-button tk-button--primary" part="button"
                        disabled={*submitting} aria-busy={submitting.to_string()}>
                        { if *submitting { p.saving } else { messages.save } }
                    </button>
                </div>
            }
        </form>
    }
}
