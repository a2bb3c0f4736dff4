//! `<SecretDialog>`: a secret the server generated (a user's temporary password, an access key's
//! cleartext), shown once with a copy button and a warning. The secret lives only in this
//! component's props: closing the dialog drops it, and it never goes into an event.

use crate::dom::copy_to_clipboard;
use crate::list::use_requests;
use crate::ui::modal::Modal;
use tenantkit_wire::Secret;
use yew::prelude::*;

/// Properties of [`SecretDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SecretDialogProps {
    /// The heading.
    pub title: AttrValue,
    /// Above the secret, naming whose it is.
    pub intro: AttrValue,
    /// Accessible name of the secret.
    pub label: AttrValue,
    /// The secret's `part` name (`temporary-password`, `access-key-secret`), for pages and tests.
    pub part: AttrValue,
    /// What happens when the dialog closes.
    pub warning: AttrValue,
    /// Said when copying failed.
    pub copy_failed: AttrValue,
    /// The secret.
    pub secret: Secret,
    /// Closed ("Done" or Escape).
    pub onclose: Callback<()>,
}

/// Shows a secret once.
#[component]
pub fn SecretDialog(props: &SecretDialogProps) -> Html {
    let requests = use_requests();
    let messages = crate::i18n::use_messages();
    let copied = use_state(|| None::<bool>);
    let oncopy = {
        let requests = requests.clone();
        let secret = props.secret.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let secret = secret.clone();
            let copied = copied.clone();
            let copy = copy_to_clipboard(secret.expose().to_owned());
            requests.run(copy, move |done| copied.set(Some(done)));
        })
    };
    let ondone = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal title={props.title.clone()} onclose={props.onclose.clone()}>
            <p class="tk-dialog-text">{ props.intro.clone() }</p>
            <div class="tk-secret-row">
                <output class="tk-secret" part={props.part.clone()} aria-label={props.label.clone()}>
                    { props.secret.expose().to_owned() }
                </output>
                <button type="button" class="tk-button" part="button copy-button" onclick={oncopy}>
                    { messages.copy }
                </button>
            </div>
            <p class="tk-warning" part="warning">{ props.warning.clone() }</p>
            <p class="tk-visually-hidden" role="status">
                { match *copied {
                    Some(true) => AttrValue::Static(messages.copied),
                    Some(false) => props.copy_failed.clone(),
                    None => AttrValue::Static(""),
                } }
            </p>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button tk-button--primary" part="button" data-autofocus="true"
                    onclick={ondone}>{ messages.done }</button>
            </div>
        </Modal>
    }
}
