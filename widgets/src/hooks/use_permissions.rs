//! `use_permissions`: every permission of the project, for the role widget's permission picker
//! and its descriptions. Asked once per target (and again when `reload` changes); the picker works
//! from what it says, loading and failure included.

use crate::list::{LoadError, Remote, SearchTarget, Setting};
use std::rc::Rc;
use tenantkit_wire::role::Permission;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The project's permissions, sorted by name, as remote data. An answer that comes after the
/// target changed (or after unmounting) is dropped.
#[hook]
pub fn use_permissions(
    target: Result<SearchTarget, Vec<Setting>>,
    reload: u64,
) -> Remote<Rc<[Permission]>> {
    let state = use_state(|| Remote::Loading);
    let generation = use_mut_ref(|| 0_u64);
    {
        let state = state.clone();
        use_effect_with((target, reload), move |(target, _)| {
            let mine = *generation.borrow();
            if let Ok(target) = target.clone() {
                state.set(Remote::Loading);
                let generation = generation.clone();
                spawn_local(async move {
                    let result = target.client().permissions().await;
                    if *generation.borrow() != mine {
                        return;
                    }
                    state.set(match result {
                        Ok(response) => {
                            let mut permissions = response.permissions;
                            permissions.sort_by(|a, b| a.name.cmp(&b.name));
                            Remote::Loaded(permissions.into())
                        }
                        Err(error) => Remote::Failed(LoadError::from(&error)),
                    });
                });
            }
            move || *generation.borrow_mut() += 1
        });
    }
    (*state).clone()
}
