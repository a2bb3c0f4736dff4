//! `use_custom_attribute_names`: the names of the project's custom user attributes, offered as
//! suggestions when the SSO wizard maps IdP attributes to them. Best effort: an admin without
//! `User Admin` (who cannot read them) or a failed request gets no suggestions and types names.

use crate::list::{SearchTarget, Setting};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The custom attribute names, sorted; empty until (and unless) the server answers. An answer
/// that comes after the target changed (or after unmounting) is dropped.
#[hook]
pub fn use_custom_attribute_names(target: Result<SearchTarget, Vec<Setting>>) -> Vec<String> {
    let names = use_state(Vec::<String>::new);
    let generation = use_mut_ref(|| 0_u64);
    {
        let names = names.clone();
        use_effect_with(target, move |target| {
            let mine = *generation.borrow();
            if let Ok(target) = target.clone() {
                let generation = generation.clone();
                spawn_local(async move {
                    let result = target.client().custom_attributes().await;
                    if *generation.borrow() != mine {
                        return;
                    }
                    if let Ok(response) = result {
                        let mut found: Vec<String> = response
                            .data
                            .into_iter()
                            .map(|attribute| attribute.name)
                            .collect();
                        found.sort();
                        names.set(found);
                    }
                });
            }
            move || *generation.borrow_mut() += 1
        });
    }
    (*names).clone()
}
