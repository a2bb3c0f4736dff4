//! Fresh session tokens on demand: how a widget recovers from a 401 without remounting.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tenantkit_wire::Secret;

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
