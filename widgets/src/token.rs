//! Fresh session tokens on demand: how a widget recovers from a 401 without remounting.

use crate::WidgetEvent;
use futures_util::future::{FutureExt, Shared};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tenantkit_client::{Renewal, RenewalFuture};
use tenantkit_wire::Secret;
use yew::Callback;

/// The future a [`TokenProvider`] returns: a fresh session JWT, or `None` when there is none.
pub type TokenFuture = Pin<Box<dyn Future<Output = Option<Secret>>>>;

/// An async function that returns a fresh session JWT (or `None`), called at most once per failed
/// request when the server answers 401.
///
/// Two providers are equal only when they are the same function (pointer equality), so passing the
/// same provider again does not count as a props change.
#[derive(Clone)]
pub struct TokenProvider(Rc<dyn Fn() -> TokenFuture>);

impl TokenProvider {
    /// Wraps an async function.
    pub fn new<F, Fut>(provider: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Option<Secret>> + 'static,
    {
        Self(Rc::new(move || Box::pin(provider()) as TokenFuture))
    }

    /// Asks for a fresh token. Empty tokens count as none.
    pub async fn fresh_token(&self) -> Option<Secret> {
        (self.0)().await.filter(|token| !token.is_empty())
    }
}

impl PartialEq for TokenProvider {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenProvider(..)")
    }
}

/// One question to the token provider, shared by every request refused with the same token.
struct Asked {
    original: Secret,
    refused: Secret,
    answer: Shared<RenewalFuture>,
}

impl fmt::Debug for Asked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Asked(..)")
    }
}

/// One widget's [`Renewal`]: the clients of all its requests (list pages, forms, actions, exports)
/// share it, so a token the provider handed out for one request serves every later one, and a
/// session that ended is reported once ([`WidgetEvent::SessionExpired`]) whichever request
/// found out.
///
/// It reads the provider and the event callback of the widget's latest render.
#[derive(Default, Debug)]
pub struct SessionRenewal {
    provider: RefCell<Option<TokenProvider>>,
    on_event: RefCell<Callback<WidgetEvent>>,
    /// The page's token that was refused, and the fresh token that worked in its place.
    renewed: RefCell<Option<(Secret, Secret)>>,
    /// The last renewal asked of the provider: for which page's token, after which token was
    /// refused, and its (shared) answer. Requests refused at once share it.
    asked: RefCell<Option<Asked>>,
    /// The page's token whose session ended (reported once, however many calls were refused).
    expired: RefCell<Option<Secret>>,
    /// Set when the widget unmounts: its requests are cancelled.
    closed: Cell<bool>,
}

impl SessionRenewal {
    /// Takes the provider and event callback of the latest render.
    pub fn update(&self, provider: Option<TokenProvider>, on_event: Callback<WidgetEvent>) {
        *self.provider.borrow_mut() = provider;
        *self.on_event.borrow_mut() = on_event;
    }

    /// The widget unmounted: cancel whatever it still has in flight (pages of an export, say).
    pub fn close(&self) {
        self.closed.set(true);
    }
}

impl Renewal for SessionRenewal {
    fn current(&self, original: &Secret) -> Secret {
        match &*self.renewed.borrow() {
            Some((refused, fresh)) if refused == original => fresh.clone(),
            _ => original.clone(),
        }
    }

    fn renew(&self, original: &Secret, refused: &Secret) -> RenewalFuture {
        // Renewed since this request was sent: the token that replaced it.
        let current = self.current(original);
        if &current != refused {
            return Box::pin(async move { Some(current) });
        }
        if let Some(asked) = &*self.asked.borrow()
            && &asked.original == original
            && &asked.refused == refused
        {
            return Box::pin(asked.answer.clone());
        }
        let provider = self.provider.borrow().clone();
        let fresh: RenewalFuture = Box::pin(async move { provider?.fresh_token().await });
        let answer = fresh.shared();
        *self.asked.borrow_mut() = Some(Asked {
            original: original.clone(),
            refused: refused.clone(),
            answer: answer.clone(),
        });
        Box::pin(answer)
    }

    fn accepted(&self, original: &Secret, fresh: &Secret) {
        let renewal = Some((original.clone(), fresh.clone()));
        // Requests that shared one renewal all succeed with it: one refresh, reported once.
        if *self.renewed.borrow() == renewal {
            return;
        }
        *self.renewed.borrow_mut() = renewal;
        *self.expired.borrow_mut() = None;
        let on_event = self.on_event.borrow().clone();
        on_event.emit(WidgetEvent::TokenRefreshed);
    }

    fn refused(&self, original: &Secret) {
        if self.expired.borrow().as_ref() == Some(original) {
            return;
        }
        *self.expired.borrow_mut() = Some(original.clone());
        let on_event = self.on_event.borrow().clone();
        on_event.emit(WidgetEvent::SessionExpired);
    }

    fn closed(&self) -> bool {
        self.closed.get()
    }
}
