//! `<PasswordDialog>`: the temporary password the server generated, shown once with a copy
//! button and a warning. The password lives only in this component's props: closing the dialog
//! drops it, and it never goes into an event.

use crate::components::modal::Modal;
use crate::messages::{ENGLISH, fill};
use tenantkit_wire::Secret;
use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Properties of [`PasswordDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct PasswordDialogProps {
    /// Whose password.
    pub login_id: AttrValue,
    /// The temporary password.
    pub password: Secret,
    /// Closed ("Done" or Escape).
    pub onclose: Callback<()>,
}

/// Shows a temporary password once.
#[component]
pub fn PasswordDialog(props: &PasswordDialogProps) -> Html {
    let messages = &ENGLISH;
    let copied = use_state(|| None::<bool>);
    let oncopy = {
        let password = props.password.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let password = password.clone();
            let copied = copied.clone();
            spawn_local(async move {
                let clipboard = web_sys::window().map(|window| window.navigator().clipboard());
                let done = match clipboard {
                    Some(clipboard) => JsFuture::from(clipboard.write_text(password.expose()))
                        .await
                        .is_ok(),
                    None => false,
                };
                copied.set(Some(done));
            });
        })
    };
    let ondone = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal title={messages.password_title} onclose={props.onclose.clone()}>
            <p class="tk-dialog-text">{ fill(messages.password_intro, "user", &props.login_id) }</p>
            <div class="tk-secret-row">
                <output class="tk-secret" part="temporary-password" aria-label={messages.password_label}>
                    { props.password.expose().to_owned() }
                </output>
                <button type="button" class="tk-button" part="button copy-button" onclick={oncopy}>
                    { messages.copy }
                </button>
            </div>
            <p class="tk-warning" part="warning">{ messages.password_warning }</p>
            <p class="tk-visually-hidden" role="status">
                { match *copied {
                    Some(true) => messages.copied,
                    Some(false) => messages.copy_failed,
                    None => "",
                } }
            </p>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button tk-button--primary" part="button" data-autofocus="true"
                    onclick={ondone}>{ messages.done }</button>
            </div>
        </Modal>
    }
}
