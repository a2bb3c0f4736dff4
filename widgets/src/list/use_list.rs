//! `use_list`: one page of a list (the tenant's users, its roles), fetched through the typed
//! client whenever the search target, the query or the reload counter changes.
//!
//! - Stale answers are dropped: every change of target and the unmount advance the hook's
//!   [`Generation`], and a request only reports back while its ticket is current.
//! - A 401 is retried once by the client with a fresh token from the widget's renewal (see
//!   [`crate::hooks::use_target`]); one still refused after that shows the session-expired state
//!   (the renewal sends the event).
//! - The outcome is dispatched to a [`ListState`] and, for failures, emitted as a
//!   [`WidgetEvent`].

use super::requests::{Generation, Ticket};
use super::state::{ListAction, ListQuery, ListState, LoadError, SearchTarget, Setting};
use crate::WidgetEvent;
use std::cell::RefCell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Fetches the page `query` asks for in `target`'s tenant whenever `target`, `query` or `reload`
/// changes (or reports the missing settings), and returns the state to render. Bump `reload` to
/// fetch the same page again after a change.
#[hook]
pub fn use_list<Q: ListQuery>(
    target: Result<SearchTarget, Vec<Setting>>,
    query: Q,
    reload: u64,
    on_event: Callback<WidgetEvent>,
) -> UseReducerHandle<ListState<Q::Row>> {
    let state = use_reducer_eq(ListState::<Q::Row>::default);
    let generation = use_memo((), |()| Generation::default());
    // The event callback of the latest render, read when a request finishes.
    let latest_on_event = use_mut_ref(Callback::noop);
    *latest_on_event.borrow_mut() = on_event;

    let last_target = use_mut_ref(|| None::<SearchTarget>);
    let dispatcher = state.dispatcher();
    let generation = (*generation).clone();
    use_effect_with((target, query, reload), move |(target, query, _)| {
        match target {
            Err(missing) => {
                *last_target.borrow_mut() = None;
                dispatcher.dispatch(ListAction::Unconfigured(missing.clone()));
            }
            Ok(target) => {
                // Another page or filter of the same tenant keeps the rows on screen meanwhile;
                // another tenant or token must not show the previous one's users.
                let same_target = last_target.borrow().as_ref() == Some(target);
                *last_target.borrow_mut() = Some(target.clone());
                dispatcher.dispatch(if same_target {
                    ListAction::Refreshing
                } else {
                    ListAction::Started
                });
                spawn_local(run(
                    target.clone(),
                    query.clone(),
                    generation.ticket(),
                    latest_on_event,
                    dispatcher,
                ));
            }
        }
        move || generation.advance()
    });
    state
}

/// One fetch; the client has already retried a 401 once when the widget has a token provider.
async fn run<Q: ListQuery>(
    target: SearchTarget,
    query: Q,
    ticket: Ticket,
    on_event: Rc<RefCell<Callback<WidgetEvent>>>,
    state: UseReducerDispatcher<ListState<Q::Row>>,
) {
    let answer = query.fetch(target).await;
    if !ticket.is_current() {
        return;
    }
    match answer {
        Ok(page) => state.dispatch(ListAction::Loaded(page)),
        // The session ended; the widget's renewal has reported it to the page.
        Err(error) if error.is_unauthorized() => state.dispatch(ListAction::SessionExpired),
        Err(error) => {
            let error = LoadError::from(&error);
            state.dispatch(ListAction::Failed(error.clone()));
            let on_event = on_event.borrow().clone();
            on_event.emit(WidgetEvent::Error {
                message: error.message,
                status: error.status,
            });
        }
    }
}
