//! `<Modal>`: the frame of every dialog. `role="dialog"` with `aria-modal`, labelled by its
//! heading; focus moves in when it opens, Tab and Shift+Tab stay inside, Escape closes, and focus
//! returns to whatever had it before (the opener) when it closes.

use crate::dom;
use yew::prelude::*;

/// Properties of [`Modal`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ModalProps {
    /// The heading, also the dialog's accessible name.
    pub title: AttrValue,
    /// Escape (or the page asking) closes the dialog.
    pub onclose: Callback<()>,
    /// `alertdialog` for confirmations, `dialog` otherwise.
    #[prop_or(AttrValue::Static("dialog"))]
    pub role: AttrValue,
    /// The body.
    #[prop_or_default]
    pub children: Html,
}

/// A modal dialog frame with a focus trap.
#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let opener = dom::active_element(&node);
            // Focus the element marked `data-autofocus`, else the first focusable one.
            let items = dom::focusables(&node);
            let first = items
                .iter()
                .find(|item| item.has_attribute("data-autofocus"))
                .or(items.first());
            if let Some(first) = first {
                let _ = first.focus();
            }
            move || {
                if let Some(opener) = opener {
                    dom::focus(&opener);
                }
            }
        });
    }
    let onkeydown = {
        let node = node.clone();
        let onclose = props.onclose.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                onclose.emit(());
            }
            "Tab" => {
                let items = dom::focusables(&node);
                let active = dom::active_element(&node);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    event.prevent_default();
                    return;
                };
                let is = |item: &web_sys::HtmlElement| {
                    active
                        .as_ref()
                        .is_some_and(|a| a == AsRef::<web_sys::Element>::as_ref(item))
                };
                if event.shift_key() && is(first) {
                    event.prevent_default();
                    let _ = last.focus();
                } else if !event.shift_key() && is(last) {
                    event.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        })
    };
    html! {
        <div class="tk-backdrop" part="backdrop">
            <div
                ref={node}
                class="tk-dialog"
                part="dialog"
                role={props.role.clone()}
                aria-modal="true"
                aria-labelledby="tk-dialog-title"
                {onkeydown}
            >
                <h3 id="tk-dialog-title" class="tk-dialog-title" part="dialog-title">{ props.title.clone() }</h3>
                { props.children.clone() }
            </div>
        </div>
    }
}
