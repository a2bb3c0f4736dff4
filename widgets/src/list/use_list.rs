//! `use_list`: one page of a list (the tenant's users, its roles), fetched through the typed
//! client whenever the search target, the query or the reload counter changes.
//!
//! - Stale answers are dropped: every change of target and the unmount bump a generation counter,
//!   and a request only reports back while its generation is current.
//! - A 401 is retried once by the client with a fresh token from the widget's renewal (see
//!   [`super::use_target`]); one still refused after that shows the session-expired state (the
//!   renewal sends the event).
//! - The outcome is dispatched to a [`ListState`] and, for failures, emitted as a
//!   [`WidgetEvent`].

use crate::WidgetEvent;
use crate::list::{ListAction, ListQuery, ListState, LoadError, SearchTarget, Setting};
use std::cell::RefCell;
use std::rc::Rc;
use tenantkit_client::ApiError;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The shared cells of one hook instance that a request in flight needs.
struct Request<R: 'static> {
    generation: Rc<RefCell<u64>>,
    started_at: u64,
    /// The event callback of the latest render, read when the request finishes.
    on_event: Rc<RefCell<Callback<WidgetEvent>>>,
    state: UseReducerDispatcher<ListState<R>>,
}

impl<R: 'static> Request<R> {
    fn is_current(&self) -> bool {
        *self.generation.borrow() == self.started_at
    }

    fn emit(&self, event: WidgetEvent) {
        let on_event = self.on_event.borrow().clone();
        on_event.emit(event);
    }

    fn fail(&self, error: &ApiError) {
        let error = LoadError::from(error);
        self.state.dispatch(ListAction::Failed(error.clone()));
        self.emit(WidgetEvent::Error {
            message: error.message,
            status: error.status,
        });
    }

    /// The session ended; the widget's renewal has reported it to the page.
    fn expire(&self) {
        self.state.dispatch(ListAction::SessionExpired);
    }
}

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
    let generation = use_mut_ref(|| 0_u64);
    let latest_on_event = use_mut_ref(Callback::noop);
    *latest_on_event.borrow_mut() = on_event;

    let last_target = use_mut_ref(|| None::<SearchTarget>);
    let dispatcher = state.dispatcher();
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
                let request = Request {
                    generation: generation.clone(),
                    started_at: *generation.borrow(),
                    on_event: latest_on_event,
                    state: dispatcher,
                };
                spawn_local(run(target.clone(), query.clone(), request));
            }
        }
        move || *generation.borrow_mut() += 1
    });
    state
}

/// One fetch; the client has already retried a 401 once when the widget has a token provider.
async fn run<Q: ListQuery>(target: SearchTarget, query: Q, request: Request<Q::Row>) {
    let answer = query.fetch(target.client()).await;
    if !request.is_current() {
        return;
    }
    match answer {
        Ok(response) => request.state.dispatch(ListAction::Loaded(response)),
        Err(error) if error.is_unauthorized() => request.expire(),
        Err(error) => request.fail(&error),
    }
}
