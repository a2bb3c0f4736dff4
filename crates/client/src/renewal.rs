//! Renewing a widget's session token after a 401, for every call the client makes.
//!
//! A session JWT expires while the widget is open. The page can hand out fresh ones (the
//! element's `tokenProvider`); a [`Renewal`] is where the client asks for one. The renewal also
//! remembers which fresh token replaced which refused one, so later calls, list pages and actions
//! alike, send the fresh token straight away instead of being refused first. It also knows when
//! its widget is gone, so nothing the widget started keeps going after it was removed.

use crate::ApiError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tenantkit_wire::Secret;

/// What [`Renewal::renew`] returns: a fresh token, or `None` when there is none.
pub type RenewalFuture = Pin<Box<dyn Future<Output = Option<Secret>>>>;

/// A source of fresh session tokens for one widget.
///
/// `original` is always the token the client was made with (the page's), so a renewal keyed on
/// it holds however many times the fresh token itself is renewed.
pub trait Renewal {
    /// The token to send in place of `original`: a fresh token that replaced it, or itself.
    fn current(&self, original: &Secret) -> Secret;
    /// A fresh token to retry a call that was refused with 401 when it sent `refused`, or
    /// `None`. Calls refused at the same time should share one renewal.
    fn renew(&self, original: &Secret, refused: &Secret) -> RenewalFuture;
    /// `fresh` made a refused call succeed: send it in place of `original` from now on.
    fn accepted(&self, original: &Secret, fresh: &Secret);
    /// A call stayed refused with 401: no fresh token, or the fresh one was refused too.
    fn refused(&self, original: &Secret);
    /// True once the widget is gone: its calls are cancelled.
    fn closed(&self) -> bool;
}

/// A shared [`Renewal`] a client can carry; two are equal when they are the same renewal.
#[derive(Clone)]
pub struct Renewer(Rc<dyn Renewal>);

impl Renewer {
    /// Shares `renewal`.
    pub fn new(renewal: Rc<dyn Renewal>) -> Self {
        Self(renewal)
    }

    pub(crate) fn current(&self, original: &Secret) -> Secret {
        self.0.current(original)
    }

    pub(crate) fn renew(&self, original: &Secret, refused: &Secret) -> RenewalFuture {
        self.0.renew(original, refused)
    }

    pub(crate) fn accepted(&self, original: &Secret, fresh: &Secret) {
        self.0.accepted(original, fresh);
    }

    pub(crate) fn refused(&self, original: &Secret) {
        self.0.refused(original);
    }

    /// `Err(Cancelled)` once the widget is gone.
    pub(crate) fn check_open(&self) -> Result<(), ApiError> {
        if self.0.closed() {
            Err(ApiError::Cancelled)
        } else {
            Ok(())
        }
    }
}

impl PartialEq for Renewer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Renewer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Renewer(..)")
    }
}
