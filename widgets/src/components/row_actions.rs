//! `<RowActions>`: the per-user menu button and its menu. Arrow keys move between items, Escape
//! closes and returns focus to the button; actions that would lock the admin out are not offered
//! on their own row (`editable` false).

use crate::dom;
use crate::messages::{ENGLISH, fill};
use crate::services::user_actions::RowAction;
use crate::state::UserRow;
use yew::prelude::*;

/// Properties of [`RowActions`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RowActionsProps {
    /// The user.
    pub row: UserRow,
    /// Whether this row's menu is the open one.
    pub open: bool,
    /// Open (`true`) or close the menu.
    pub ontoggle: Callback<bool>,
    /// An action was chosen ("Edit" is `None`).
    pub onaction: Callback<Option<RowAction>>,
}

/// The "Actions" button of a row.
#[component]
pub fn RowActions(props: &RowActionsProps) -> Html {
    let messages = &ENGLISH;
    let button = use_node_ref();
    let menu = use_node_ref();
    {
        let menu = menu.clone();
        use_effect_with(props.open, move |open| {
            if *open && let Some(first) = dom::focusables(&menu).first() {
                let _ = first.focus();
            }
        });
    }
    let actions: Vec<RowAction> = RowAction::for_row(&props.row)
        .into_iter()
        .filter(|action| props.row.editable || !action.is_destructive())
        .collect();
    let open = props.open;
    // The menu is placed `fixed` next to its button, so the table's scroll box cannot clip it;
    // it opens upwards when there is more room above the button than below.
    let placement = use_state(String::new);
    let ontoggle = {
        let button = button.clone();
        let placement = placement.clone();
        props.ontoggle.reform(move |_: MouseEvent| {
            if let (false, Some(button), Some(window)) =
                (open, button.cast::<web_sys::Element>(), web_sys::window())
            {
                let rect = button.get_bounding_client_rect();
                let width = window
                    .inner_width()
                    .ok()
                    .and_then(|w| w.as_f64())
                    .unwrap_or_default();
                let height = window
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or_default();
                let right = (width - rect.right()).max(0.0);
                placement.set(if height - rect.bottom() >= rect.top() {
                    format!(
                        "position: fixed; top: {}px; bottom: auto; right: {right}px;",
                        rect.bottom() + 4.0
                    )
                } else {
                    format!(
                        "position: fixed; top: auto; bottom: {}px; right: {right}px;",
                        height - rect.top() + 4.0
                    )
                });
            }
            !open
        })
    };
    let onkeydown = {
        let menu = menu.clone();
        let button = button.clone();
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |event: KeyboardEvent| {
            let items = dom::focusables(&menu);
            match event.key().as_str() {
                "ArrowDown" => {
                    event.prevent_default();
                    dom::move_focus(&menu, &items, 1);
                }
                "ArrowUp" => {
                    event.prevent_default();
                    dom::move_focus(&menu, &items, -1);
                }
                "Escape" | "Tab" => {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        event.stop_propagation();
                    }
                    if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                        let _ = button.focus();
                    }
                    ontoggle.emit(false);
                }
                _ => {}
            }
        })
    };
    // Before a dialog opens, focus goes back to the menu button so the dialog returns it there.
    let choose = |action: Option<RowAction>| {
        let button = button.clone();
        let onaction = props.onaction.clone();
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
            ontoggle.emit(false);
            onaction.emit(action);
        })
    };
    let menu_id = format!("tk-menu-{}", props.row.user_id.as_str());
    html! {
        <div class="tk-menu-wrap">
            <button
                ref={button.clone()}
                type="button"
                class="tk-icon-button"
                part="row-actions-button"
                aria-haspopup="menu"
                aria-expanded={open.to_string()}
                aria-controls={menu_id.clone()}
                aria-label={fill(messages.row_actions_label, "user", &props.row.login_id)}
                onclick={ontoggle}
            >{ "⋯" }</button>
            if open {
                <ul ref={menu} id={menu_id} class="tk-menu" part="menu" role="menu"
                    style={(*placement).clone()}
                    aria-label={fill(messages.row_actions_label, "user", &props.row.login_id)} {onkeydown}>
                    if props.row.editable {
                        <li role="none">
                            <button type="button" role="menuitem" class="tk-menu-item" part="menu-item"
                                onclick={choose(None)}>{ messages.action_edit }</button>
                        </li>
                    }
                    { for actions.into_iter().map(|action| {
                        let danger = matches!(action, RowAction::Delete | RowAction::RemoveFromTenant);
                        html! {
                            <li role="none">
                                <button type="button" role="menuitem"
                                    class={classes!("tk-menu-item", danger.then_some("tk-menu-item--danger"))}
                                    part="menu-item" onclick={choose(Some(action))}>
                                    { action.label(messages) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
