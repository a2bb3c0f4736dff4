//! `use_user_search`: the tenant's users, fetched through the typed client whenever the search
//! target changes.
//!
//! - Stale answers are dropped: every change of target and the unmount bump a generation counter,
//!   and a request only reports back while its generation is current.
//! - A 401 asks the token provider (the latest one passed in) for a fresh token and retries once;
//!   a successful retry keeps using that token for the same original token.
//! - The outcome is dispatched to a [`UserListState`] and, for failures and refreshes, emitted as
//!   a [`WidgetEvent`].

use crate::state::{LoadError, SearchTarget, Setting, UserListAction, UserListState, UserQuery};
use crate::{TokenProvider, WidgetEvent};
use std::cell::RefCell;
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::{Secret, UserSearchResponse};
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
#[derive(Clone)]
struct Request {
    generation: Rc<RefCell<u64>>,
    started_at: u64,
    /// The token the props carried, which a refreshed token replaces.
    original_token: Secret,
    latest: Rc<RefCell<Latest>>,
    refreshed: Rc<RefCell<Option<RefreshedToken>>>,
    state: UseReducerDispatcher<UserListState>,
}

impl Request {
    fn is_current(&self) -> bool {
        *self.generation.borrow() == self.started_at
    }

    fn emit(&self, event: WidgetEvent) {
        let on_event = self.latest.borrow().on_event.clone();
        on_event.emit(event);
    }

    fn fail(&self, error: &ApiError) {
        let error = LoadError::from(error);
        self.state.dispatch(UserListAction::Failed(error.clone()));
        self.emit(WidgetEvent::Error {
            message: error.message,
            status: error.status,
        });
    }

    fn expire(&self) {
        self.state.dispatch(UserListAction::SessionExpired);
        self.emit(WidgetEvent::SessionExpired);
    }
}

/// Searches the users of `target`'s tenant whenever `target`, `query` or `reload` changes (or
/// reports the missing settings), and returns the state to render. Bump `reload` to fetch the
/// same page again after a change.
#[hook]
pub fn use_user_search(
    target: Result<SearchTarget, Vec<Setting>>,
    query: UserQuery,
    reload: u64,
    token_provider: Option<TokenProvider>,
    on_event: Callback<WidgetEvent>,
) -> UseReducerHandle<UserListState> {
    let state = use_reducer_eq(UserListState::default);
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
                dispatcher.dispatch(UserListAction::Unconfigured(missing.clone()));
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
                    UserListAction::Refreshing
                } else {
                    UserListAction::Started
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

/// One search, with at most one retry after a 401.
async fn run(target: SearchTarget, query: UserQuery, request: Request) {
    let first = search(&target, &target.token, &query).await;
    if !request.is_current() {
        return;
    }
    match first {
        Ok(response) => request.state.dispatch(UserListAction::Loaded(response)),
        Err(error) if error.is_unauthorized() => {
            retry_with_fresh_token(&target, &query, &request).await
        }
        Err(error) => request.fail(&error),
    }
}

async fn retry_with_fresh_token(target: &SearchTarget, query: &UserQuery, request: &Request) {
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
    let retried = search(target, &fresh, query).await;
    if !request.is_current() {
        return;
    }
    match retried {
        Ok(response) => {
            *request.refreshed.borrow_mut() = Some(RefreshedToken {
                replaces: request.original_token.clone(),
                token: fresh,
            });
            request.state.dispatch(UserListAction::Loaded(response));
            request.emit(WidgetEvent::TokenRefreshed);
        }
        Err(error) if error.is_unauthorized() => request.expire(),
        Err(error) => request.fail(&error),
    }
}

async fn search(
    target: &SearchTarget,
    token: &Secret,
    query: &UserQuery,
) -> Result<UserSearchResponse, ApiError> {
    target
        .client_with(token)
        .search_users(&query.page_request())
        .await
}
