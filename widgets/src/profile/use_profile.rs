//! `use_profile`: the tenant profile as remote data, fetched whenever the target, the page's
//! `refresh()` count or the widget's own reload counter changes. The profile on screen stays while a reload runs (the forms keep what the
//! admin typed); an answer for a previous target, or after unmounting, is dropped; a failure is
//! told to the page once per request.

use crate::WidgetEvent;
use crate::list::requests::Generation;
use crate::list::{LoadError, SearchTarget, Setting};
use crate::profile::actions;
use crate::profile::state::ProfileState;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The profile of `target`'s tenant; asked again when `refresh` (the page's) or `reload` (the
/// widget's, after a change) changes. A loaded profile carries the `refresh` it was asked for.
#[hook]
pub fn use_profile(
    target: Result<SearchTarget, Vec<Setting>>,
    refresh: u64,
    reload: u64,
    on_event: Callback<WidgetEvent>,
) -> ProfileState {
    let state = use_state_eq(|| ProfileState::Loading);
    let generation = use_memo((), |()| Generation::default());
    let latest_on_event = use_mut_ref(Callback::noop);
    *latest_on_event.borrow_mut() = on_event;
    let last_target = use_mut_ref(|| None::<SearchTarget>);
    {
        let state = state.clone();
        let generation = (*generation).clone();
        use_effect_with((target, refresh, reload), move |(target, refresh, _)| {
            let refresh = *refresh;
            if let Ok(target) = target {
                // Another tenant or token must not show the previous one's profile.
                if last_target.borrow().as_ref() != Some(target) {
                    state.set(ProfileState::Loading);
                }
                *last_target.borrow_mut() = Some(target.clone());
                let ticket = generation.ticket();
                let target = target.clone();
                spawn_local(async move {
                    let answer = actions::load(&target).await;
                    if !ticket.is_current() {
                        return;
                    }
                    state.set(match answer {
                        Ok(profile) => ProfileState::Loaded(Rc::new(profile), refresh),
                        // The widget's renewal has told the page.
                        Err(error) if error.is_unauthorized() => ProfileState::SessionExpired,
                        Err(error) => {
                            let error = LoadError::from(&error);
                            let on_event = latest_on_event.borrow().clone();
                            on_event.emit(WidgetEvent::Error {
                                message: error.message.clone(),
                                status: error.status,
                            });
                            ProfileState::Failed(error)
                        }
                    });
                });
            }
            move || generation.advance()
        });
    }
    (*state).clone()
}
