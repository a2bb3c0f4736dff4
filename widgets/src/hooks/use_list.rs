//! `use_list`: one page of a list (the tenant's users, its roles), fetched through the typed
//! client whenever the search target, the query or the reload counter changes.
//!
//! - Stale answers are dropped: every change of target and the unmount bump a generation counter,
//!   and a request only reports back while its generation is current.
//! - A 401 asks the token provider (the latest one passed in) for a fresh token and retries once;
//!   a successful retry keeps using that token for the same original token.
//! - The outcome is dispatched to a [`ListState`] and, for failures and refreshes, emitted as
//!   a [`WidgetEvent`].

use crate::state::{ListAction, ListQuery, ListState, LoadError, Page, SearchTarget, Setting};
use crate::{TokenProvider, WidgetEvent};
use std::cell::RefCell;
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::Secret;
use yew::platform::spawn_local;
use yew::prelude::*;

/// What a request in flight reads when it finishes, so it sees the props of the latest render.
struct Latest {
    token_provider: Option<TokenProvider>,
    on_event: Callback<WidgetEvent>,
}

/// A token from the provider that worked, and the (refused) token it replaces.
struct RefreshedToken {
    replaces: Secret,
    token: Secret,
}

/// The shared cells of one hook instance that a request in flight needs.
struct Request<R: 'static> {
    generation: Rc<RefCell<u64>>,
    started_at: u64,
    /// The token the props carried, which a refreshed token replaces.
    original_token: Secret,
    latest: Rc<RefCell<Latest>>,
    refreshed: Rc<RefCell<Option<RefreshedToken>>>,
    state: UseReducerDispatcher<ListState<R>>,
}

impl<R: 'static> Request<R> {
    fn is_current(&self) -> bool {
        *self.generation.borrow() == self.started_at
    }

    fn emit(&self, event: WidgetEvent) {
        let on_event = self.latest.borrow().on_event.clone();
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

    fn expire(&self) {
        self.state.dispatch(ListAction::SessionExpired);
        self.emit(WidgetEvent::SessionExpired);
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
    token_provider: Option<TokenProvider>,
    on_event: Callback<WidgetEvent>,
) -> UseReducerHandle<ListState<Q::Row>> {
    let state = use_reducer_eq(ListState::<Q::Row>::default);
    let generation = use_mut_ref(|| 0_u64);
    let refreshed = use_mut_ref(|| None::<RefreshedToken>);
    let latest = use_mut_ref(|| Latest {
        token_provider: None,
        on_event: Callback::noop(),
    });
    *latest.borrow_mut() = Latest {
        token_provider,
        on_event,
    };

    let last_target = use_mut_ref(|| None::<SearchTarget>);
    let dispatcher = state.dispatcher();
    use_effect_with((target, query, reload), move |(target, query, _)| {
        match target {
            Err(missing) => {
                *last_target.borrow_mut() = None;
                dispatcher.dispatch(ListAction::Unconfigured(missing.clone()));
            }
            Ok(target) => {
                let mut target = target.clone();
                let original_token = target.token.clone();
                if let Some(fresh) = refreshed.borrow().as_ref()
                    && fresh.replaces == target.token
                {
                    target.token = fresh.token.clone();
                }
                // Another page or filter of the same tenant keeps the rows on screen meanwhile;
                // another tenant or token must not show the previous one's users.
                let same_target = last_target.borrow().as_ref() == Some(&target);
                *last_target.borrow_mut() = Some(target.clone());
                dispatcher.dispatch(if same_target {
                    ListAction::Refreshing
                } else {
                    ListAction::Started
                });
                let request = Request {
                    generation: generation.clone(),
                    started_at: *generation.borrow(),
                    original_token,
                    latest,
                    refreshed,
                    state: dispatcher,
                };
                spawn_local(run(target, query.clone(), request));
            }
        }
        move || *generation.borrow_mut() += 1
    });
    state
}

/// One fetch, with at most one retry after a 401.
async fn run<Q: ListQuery>(target: SearchTarget, query: Q, request: Request<Q::Row>) {
    let first = fetch(&target, &target.token, &query).await;
    if !request.is_current() {
        return;
    }
    match first {
        Ok(response) => request.state.dispatch(ListAction::Loaded(response)),
        Err(error) if error.is_unauthorized() => {
            retry_with_fresh_token(&target, &query, &request).await
        }
        Err(error) => request.fail(&error),
    }
}

async fn retry_with_fresh_token<Q: ListQuery>(
    target: &SearchTarget,
    query: &Q,
    request: &Request<Q::Row>,
) {
    let provider = request.latest.borrow().token_provider.clone();
    let Some(provider) = provider else {
        return request.expire();
    };
    let fresh = provider.fresh_token().await;
    if !request.is_current() {
        return;
    }
    let Some(fresh) = fresh else {
        return request.expire();
    };
    let retried = fetch(target, &fresh, query).await;
    if !request.is_current() {
        return;
    }
    match retried {
        Ok(response) => {
            *request.refreshed.borrow_mut() = Some(RefreshedToken {
                replaces: request.original_token.clone(),
                token: fresh,
            });
            request.state.dispatch(ListAction::Loaded(response));
            request.emit(WidgetEvent::TokenRefreshed);
        }
        Err(error) if error.is_unauthorized() => request.expire(),
        Err(error) => request.fail(&error),
    }
}

async fn fetch<Q: ListQuery>(
    target: &SearchTarget,
    token: &Secret,
    query: &Q,
) -> Result<Page<Q::Row>, ApiError> {
    query.clone().fetch(target.client_with(token)).await
}
