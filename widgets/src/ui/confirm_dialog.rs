//! `<ConfirmDialog>`: "Delete ada@acme.test?" / "Disable 3 users?" with Cancel and the action.
//! Cancel has the initial focus, so Enter right after opening does not destroy anything.

use crate::ui::modal::Modal;
use yew::prelude::*;

/// Properties of [`ConfirmDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ConfirmDialogProps {
    /// The question, naming the user or how many users.
    pub question: AttrValue,
    /// Label of the confirming button.
    pub confirm_label: AttrValue,
    /// The action is a destructive one (red button).
    #[prop_or_default]
    pub danger: bool,
    /// The action is running.
    #[prop_or_default]
    pub busy: bool,
    /// Confirmed.
    pub onconfirm: Callback<()>,
    /// Cancelled (button or Escape).
    pub onclose: Callback<()>,
}

/// A confirmation before an action.
#[component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let messages = crate::i18n::use_messages();
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    let onconfirm = props.onconfirm.reform(|_: MouseEvent| ());
    html! {
        <Modal title={props.question.clone()} role="alertdialog" onclose={props.onclose.clone()}>
            <p class="tk-dialog-text">{ messages.confirm_detail }</p>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button" data-autofocus="true"
                    onclick={oncancel}>{ messages.cancel }</button>
                <button type="button"
                    class={classes!("tk-button", if props.danger { "tk-button--danger" } else { "tk-button--primary" })}
                    part="button confirm-button" disabled={props.busy} aria-busy={props.busy.to_string()}
                    onclick={onconfirm}>{ props.confirm_label.clone() }</button>
            </div>
        </Modal>
    }
}
