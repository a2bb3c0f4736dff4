//! [`notice_bar`]: the outcome of the last action, above the table: "ada@acme.test was disabled."
//! or what failed and why, with a button to dismiss it. The widget's live region announces the
//! same text.

use crate::messages::Messages;
use yew::prelude::*;

/// A message about the last action.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The sentence.
    pub text: String,
    /// Something failed (shown in the danger colour).
    pub error: bool,
    /// One line per item that failed, e.g. "ada@acme.test: You cannot change your own account".
    pub details: Vec<String>,
}

impl Notice {
    /// A success.
    pub fn success(text: String) -> Self {
        Self {
            text,
            error: false,
            details: Vec::new(),
        }
    }

    /// A failure.
    pub fn failure(text: String) -> Self {
        Self {
            text,
            error: true,
            details: Vec::new(),
        }
    }
}

/// The notice above the table, with its "Dismiss" button. A plain function (see [`crate::ui`]).
pub fn notice_bar(messages: &Messages, notice: &Notice, ondismiss: &Callback<()>) -> Html {
    let ondismiss = ondismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("tk-notice", notice.error.then_some("tk-notice--error"))} part="notice">
            <div class="tk-notice-body">
                <p class="tk-notice-text">{ notice.text.clone() }</p>
                if !notice.details.is_empty() {
                    <ul class="tk-notice-list" part="notice-failures">
                        { for notice.details.iter().map(|detail| html! { <li>{ detail.clone() }</li> }) }
                    </ul>
                }
            </div>
            <button type="button" class="tk-link-button" part="button" onclick={ondismiss}>{ messages.dismiss }</button>
        </div>
    }
}
