//! `<SsoAddDialog>`: "Add an SSO configuration": its display name, then the server creates it
//! (not configured yet) and the wizard opens on it.

use crate::list::use_requests;
use crate::list::{LoadError, SearchTarget};
use crate::sso::actions;
use crate::sso::fields::value_of;
use crate::ui::modal::Modal;
use tenantkit_wire::sso::SsoSettings;
use yew::prelude::*;

/// Properties of [`SsoAddDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoAddDialogProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The server created it.
    pub oncreated: Callback<SsoSettings>,
    /// Cancel or Escape.
    pub onclose: Callback<()>,
}

/// The new-configuration dialog.
#[component]
pub fn SsoAddDialog(props: &SsoAddDialogProps) -> Html {
    let requests = use_requests();
    let messages = crate::i18n::use_messages();
    let sso = &messages.sso;
    let name = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let oninput = {
        let name = name.clone();
        let error = error.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(value) = value_of(&event) {
                name.set(value);
                error.set(None);
            }
        })
    };
    let onsubmit = {
        let requests = requests.clone();
        let name = name.clone();
        let error = error.clone();
        let busy = busy.clone();
        let target = props.target.clone();
        let oncreated = props.oncreated.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if name.trim().is_empty() {
                error.set(Some(sso.display_name_required.to_owned()));
                return;
            }
            let (name, error, busy, target, oncreated) = (
                (*name).clone(),
                error.clone(),
                busy.clone(),
                target.clone(),
                oncreated.clone(),
            );
            busy.set(true);
            requests.send(async move {
                let result = actions::create(&target, &name).await;
                busy.set(false);
                match result {
                    Ok(settings) => oncreated.emit(settings),
                    Err(failure) => error.set(Some(LoadError::from(&failure).message)),
                }
            });
        })
    };
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal title={sso.add_title} onclose={props.onclose.clone()}>
            <form class="tk-form" part="form" novalidate=true {onsubmit}>
                <div class="tk-form-field">
                    <label for="tk-sso-display-name" class="tk-field-label">{ sso.field_display_name }</label>
                    <input id="tk-sso-display-name" type="text" class="tk-input" part="input" data-autofocus="true"
                        value={(*name).clone()} aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then_some("tk-sso-display-name-error")} {oninput} />
                    if let Some(error) = &*error {
                        <p id="tk-sso-display-name-error" class="tk-field-error" part="field-error" role="alert">{ error.clone() }</p>
                    }
                </div>
                <div class="tk-dialog-actions">
                    <button type="button" class="tk-button" part="button" onclick={oncancel}>{ messages.cancel }</button>
                    <button type="submit" class="tk-button tk-button--primary" part="button"
                        disabled={*busy} aria-busy={busy.to_string()}>{ messages.create }</button>
                </div>
            </form>
        </Modal>
    }
}
