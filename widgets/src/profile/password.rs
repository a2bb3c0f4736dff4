//! `<PasswordSection>`: the tenant's own password policy (Descope's password settings: minimum
//! length, character rules, expiry in weeks, reuse of the last N, lock after N failed sign-ins).
//! Checked in the browser with the wire crate's `PasswordSettings::validate`, the rule the server
//! runs; the server's refusal is shown next to its field. A tester checks a password against the
//! policy as typed (`PasswordSettings::broken_rules`, the server's own check), in the browser
//! only. Read-only, with the reason, without both `User Admin` and `SSO Admin`.

use crate::list::{LoadError, SearchTarget, use_requests};
use crate::profile::actions;
use crate::profile::fields::{check, number, policy_section, save_policy, section_footer};
use crate::profile::state::{PASSWORD_FIELDS, PasswordValues};
use crate::ui::form::{FormState, on_text, on_value, use_form};
use tenantkit_wire::policy::PasswordSettings;
use yew::prelude::*;

/// Properties of [`PasswordSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct PasswordSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The policy as loaded, or why it could not be.
    pub policy: Result<PasswordSettings, LoadError>,
    /// The admin may change it.
    pub editable: bool,
    /// Saved.
    pub onsaved: Callback<PasswordSettings>,
    /// The server refused: the widget's `tk-error`.
    pub onerror: Callback<LoadError>,
}

/// The password policy.
#[component]
pub fn PasswordSection(props: &PasswordSectionProps) -> Html {
    let p = &crate::i18n::use_messages().profile;
    policy_section(
        "password",
        p.password_title,
        props.editable,
        &props.policy,
        |policy| {
            html! {
                <PasswordForm target={props.target.clone()} policy={policy.clone()} editable={props.editable}
                    onsaved={props.onsaved.clone()} onerror={props.onerror.clone()} />
            }
        },
        p,
    )
}

/// Properties of [`PasswordForm`].
#[derive(Properties, PartialEq, Clone, Debug)]
struct PasswordFormProps {
    target: SearchTarget,
    policy: PasswordSettings,
    editable: bool,
    onsaved: Callback<PasswordSettings>,
    onerror: Callback<LoadError>,
}

#[component]
fn PasswordForm(props: &PasswordFormProps) -> Html {
    let messages = crate::i18n::use_messages();
    let p = &messages.profile;
    let requests = use_requests();
    let form = use_form::<PasswordValues, &'static str>(&PasswordValues::of(&props.policy));
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = form.clone();
    let update = |change: fn(&mut PasswordValues, String), field: &'static str| {
        on_text(&values, &errors, field, change)
    };
    let toggle = |change: fn(&mut PasswordValues)| on_value(&values, move |v, ()| change(v));
    let onsubmit = {
        let form = form.clone();
        let props = props.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let target = props.target.clone();
            save_policy(
                &form,
                &requests,
                form.values
                    .settings(props.target.tenant.as_str(), p.whole_number),
                PASSWORD_FIELDS,
                move |value| async move { actions::save_password(&target, &value).await },
                (props.onsaved.clone(), props.onerror.clone()),
                p,
            );
        })
    };
    let v = &*values;
    let problems = if v.trial.is_empty() {
        Vec::new()
    } else {
        v.trial_problems(props.target.tenant.as_str())
    };
    html! {
        <form class="tk-form" part="form" novalidate=true {onsubmit}>
            <fieldset class="tk-policy" disabled={!props.editable}>
                { check("tk-profile-password-enabled", p.password_enabled, v.enabled, toggle(|v| v.enabled = !v.enabled)) }
                <p class="tk-hint">{ p.password_enabled_hint }</p>
                <div class="tk-policy-grid">
                    { number("tk-profile-min-length", p.min_length, &v.min_length, errors.get("minLength"),
                        update(|v, s| v.min_length = s, "minLength"), None, p) }
                </div>
                <div class="tk-policy-checks">
                    { check("tk-profile-lowercase", p.lowercase, v.lowercase, toggle(|v| v.lowercase = !v.lowercase)) }
                    { check("tk-profile-uppercase", p.uppercase, v.uppercase, toggle(|v| v.uppercase = !v.uppercase)) }
                    { check("tk-profile-number", p.number, v.number, toggle(|v| v.number = !v.number)) }
                    { check("tk-profile-non-alphanumeric", p.non_alphanumeric, v.non_alphanumeric,
                        toggle(|v| v.non_alphanumeric = !v.non_alphanumeric)) }
                </div>
                { check("tk-profile-expiration", p.expiration, v.expiration, toggle(|v| v.expiration = !v.expiration)) }
                if v.expiration {
                    { number("tk-profile-expiration-weeks", p.expiration_weeks, &v.expiration_weeks, errors.get("expirationWeeks"),
                        update(|v, s| v.expiration_weeks = s, "expirationWeeks"), None, p) }
                }
                { check("tk-profile-reuse", p.reuse, v.reuse, toggle(|v| v.reuse = !v.reuse)) }
                if v.reuse {
                    { number("tk-profile-reuse-amount", p.reuse_amount, &v.reuse_amount, errors.get("reuseAmount"),
                        update(|v, s| v.reuse_amount = s, "reuseAmount"), None, p) }
                }
                { check("tk-profile-lock", p.lock, v.lock, toggle(|v| v.lock = !v.lock)) }
                if v.lock {
                    { number("tk-profile-lock-attempts", p.lock_attempts, &v.lock_attempts, errors.get("lockAttempts"),
                        update(|v, s| v.lock_attempts = s, "lockAttempts"), None, p) }
                }
            </fieldset>
            { section_footer(form_error.as_ref(), props.editable, *submitting, messages) }
            <div class="tk-form-field tk-password-trial" part="password-trial">
                <label for="tk-profile-trial" class="tk-field-label">{ p.try_password }</label>
                <input id="tk-profile-trial" type="text" class="tk-input" part="input" autocomplete="off"
                    spellcheck="false" value={v.trial.clone()}
                    aria-describedby="tk-profile-trial-result"
                    oninput={update(|v, s| v.trial = s, "trial")} />
                <div id="tk-profile-trial-result" aria-live="polite">
                    if v.trial.is_empty() {
                        <p class="tk-hint">{ p.try_password_hint }</p>
                    } else if problems.is_empty() {
                        <p class="tk-field-ok" part="password-ok">{ p.password_ok }</p>
                    } else {
                        <ul class="tk-field-errors" part="password-problems">
                            { for problems.into_iter().map(|problem| html! { <li>{ problem }</li> }) }
                        </ul>
                    }
                </div>
            </div>
        </form>
    }
}
