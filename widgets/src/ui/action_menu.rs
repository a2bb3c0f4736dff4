//! `<ActionMenu>`: a row's "⋯" button and the menu it opens, for any kind of row. Arrow keys move
//! between items, Escape and Tab close it and return focus to the button; choosing an item puts
//! focus back on the button first, so a dialog opened by the item returns focus there. An item
//! that cannot be chosen stays in the menu, focusable and `aria-disabled`, with its reason next to
//! it (and as its description), so keyboard and screen-reader users learn why too. Neighbouring
//! items with the same reason share one note, after the last of them.

use crate::dom;
use yew::prelude::*;

/// One item of an [`ActionMenu`].
#[derive(Debug, Clone, PartialEq)]
pub struct MenuItem<A> {
    /// What choosing it reports.
    pub action: A,
    /// Its text.
    pub label: AttrValue,
    /// It takes something away (shown in the danger colour).
    pub danger: bool,
    /// Why it cannot be chosen now; `None` when it can.
    pub disabled: Option<AttrValue>,
}

/// Properties of [`ActionMenu`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ActionMenuProps<A: Clone + PartialEq + 'static> {
    /// Accessible name of the button and the menu, e.g. "Actions for ada@acme.test".
    pub label: AttrValue,
    /// The menu's `id` (unique in the widget, no spaces), for `aria-controls`.
    pub id: AttrValue,
    /// Whether the menu is open.
    pub open: bool,
    /// The items, in order.
    pub items: Vec<MenuItem<A>>,
    /// Open (`true`) or close the menu.
    pub ontoggle: Callback<bool>,
    /// An item was chosen (the menu closes).
    pub onchoose: Callback<A>,
}

/// The "Actions" button of a row and its menu.
#[component]
pub fn ActionMenu<A: Clone + PartialEq + 'static>(props: &ActionMenuProps<A>) -> Html {
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
                // Aligned with the button's inline end: its right edge, or its left in a
                // right-to-left page, so the menu opens towards the table.
                let across = if button.matches(":dir(rtl)").unwrap_or(false) {
                    format!("left: {}px; right: auto;", rect.left().max(0.0))
                } else {
                    format!("right: {}px; left: auto;", (width - rect.right()).max(0.0))
                };
                placement.set(if height - rect.bottom() >= rect.top() {
                    format!(
                        "position: fixed; top: {}px; bottom: auto; {across}",
                        rect.bottom() + 4.0
                    )
                } else {
                    format!(
                        "position: fixed; top: auto; bottom: {}px; {across}",
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
    let choose = |action: A| {
        let button = button.clone();
        let onchoose = props.onchoose.clone();
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
            ontoggle.emit(false);
            onchoose.emit(action.clone());
        })
    };
    html! {
        <div class="tk-menu-wrap">
            <button
                ref={button.clone()}
                type="button"
                class="tk-icon-button"
                part="row-actions-button"
                aria-haspopup="menu"
                aria-expanded={open.to_string()}
                aria-controls={props.id.clone()}
                aria-label={props.label.clone()}
                onclick={ontoggle}
            >{ "⋯" }</button>
            if open {
                <ul ref={menu} id={props.id.clone()} class="tk-menu" part="menu" role="menu"
                    style={(*placement).clone()} aria-label={props.label.clone()} {onkeydown}>
                    { for props.items.iter().enumerate().map(|(index, item)| {
                        // The note of a run of items with the same reason follows its last item.
                        let last_of_run = (index..props.items.len())
                            .take_while(|&i| props.items[i].disabled == item.disabled)
                            .last()
                            .unwrap_or(index);
                        let reason_id = format!("{}-reason-{last_of_run}", props.id);
                        let onclick = match item.disabled {
                            Some(_) => Callback::noop(),
                            None => choose(item.action.clone()),
                        };
                        html! {
                            <li role="none">
                                <button type="button" role="menuitem"
                                    class={classes!("tk-menu-item", item.danger.then_some("tk-menu-item--danger"))}
                                    part="menu-item"
                                    aria-disabled={item.disabled.is_some().then_some("true")}
                                    aria-describedby={item.disabled.is_some().then(|| reason_id.clone())}
                                    {onclick}>
                                    { item.label.clone() }
                                </button>
                                if let (Some(reason), true) = (item.disabled.clone(), last_of_run == index) {
                                    <p id={reason_id} class="tk-menu-note" part="menu-item-reason">{ reason }</p>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
