//! [`confirm_dialog`]: "Delete ada@acme.test?" / "Disable 3 users?" with Cancel and the action.
//! Cancel has the initial focus, so Enter right after opening does not destroy anything.

use crate::messages::Messages;
use crate::ui::modal::Modal;
use yew::prelude::*;

/// What [`confirm_dialog`] asks and does.
#[derive(PartialEq, Clone, Debug)]
pub struct Confirmation {
    /// The question, naming the user or how many users.
    pub question: AttrValue,
    /// Label of the confirming button.
    pub confirm_label: AttrValue,
    /// The action is a destructive one (red button).
    pub danger: bool,
    /// The action is running.
    pub busy: bool,
    /// Confirmed.
    pub onconfirm: Callback<()>,
    /// Cancelled (button or Escape).
    pub onclose: Callback<()>,
}

/// A confirmation before an action, in a [`Modal`]. A plain function (see [`crate::ui`]).
pub fn confirm_dialog(messages: &Messages, props: Confirmation) -> Html {
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    let onconfirm = props.onconfirm.reform(|_: MouseEvent| ());
    html! {
        <Modal title={props.question} role="alertdialog" onclose={props.onclose}>
            <p class="tk-dialog-text">{ messages.confirm_detail }</p>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button" data-autofocus="true"
                    onclick={oncancel}>{ messages.cancel }</button>
                <button type="button"
                    class={classes!("tk-button", if props.danger { "tk-button--danger" } else { "tk-button--primary" })}
                    part="button confirm-button" disabled={props.busy} aria-busy={props.busy.to_string()}
                    onclick={onconfirm}>{ props.confirm_label }</button>
            </div>
        </Modal>
    }
}
