//! Recording sign-in attempts in the sign-in history ([`crate::db::sign_ins`]).
//!
//! A sign-in path makes one [`Attempt`], tells it whose it is once the login id or the IdP's
//! answer names a user ([`Attempt::of`]) and why it failed where it fails ([`Attempt::failed`]),
//! and [`Attempt::record`]s it with the outcome. An attempt that named no user (an unknown login
//! id, an IdP answer that did not verify) is not recorded: there is nobody to file it under. Nor
//! is one the throttle refused unchecked (429): those cost the server no database write today,
//! and recording each would let anyone who knows a login id write to the database as fast as
//! they can send (and push the user's real sign-ins out of the history).
//!
//! Recording is best effort: a failure to write the row is logged and does not change the
//! answer of the sign-in. The history is for people reading it; the sign-in's own writes (last
//! sign-in, failure counter, lock) and the audit events stay the authoritative records, and a
//! full disk or a slow history table must not lock everyone out. One write per attempt (an
//! insert and the trim of that user's rows, one transaction).

use crate::db::sign_ins::{KEEP_PER_USER, NewSignIn};
use crate::error::{Error, Result};
use crate::extract::UserAgent;
use crate::state::AppState;
use tenantkit_wire::history::FailureReason;
use tenantkit_wire::{TenantId, UserId};

/// One sign-in attempt, filled in as the sign-in learns who and why.
#[derive(Debug, Clone)]
pub struct Attempt {
    method: &'static str,
    remote_address: String,
    user_agent: UserAgent,
    user: Option<UserId>,
    tenant: String,
    failure: Option<FailureReason>,
}

impl Attempt {
    /// An attempt by `method` (`tenantkit_wire::history::METHOD_*`) from `remote_address`.
    pub fn new(method: &'static str, remote_address: String, user_agent: &UserAgent) -> Self {
        Self {
            method,
            remote_address,
            user_agent: user_agent.clone(),
            user: None,
            tenant: String::new(),
            failure: None,
        }
    }

    /// The same attempt, into `tenant`.
    pub fn into_tenant(mut self, tenant: &TenantId) -> Self {
        self.tenant = tenant.as_str().to_owned();
        self
    }

    /// The attempt is `user`'s.
    pub fn of(&mut self, user: &UserId) {
        self.user = Some(user.clone());
    }

    /// The attempt fails with `error` for `reason`: answers `error`, for `map_err` and `Err(..)`.
    pub fn failed(&mut self, reason: FailureReason, error: Error) -> Error {
        self.failure = Some(reason);
        error
    }

    /// Records the attempt with its `outcome`, if it is some user's and was not refused
    /// unchecked (429). A failure without a reason given is `error`. Never fails: a write that
    /// does is logged.
    pub async fn record<T>(self, state: &AppState, outcome: &Result<T>) {
        let Some(user) = &self.user else { return };
        let failure = match outcome {
            Ok(_) => None,
            Err(Error::TooManyRequests { .. }) if self.failure.is_none() => return,
            Err(_) => Some(self.failure.unwrap_or(FailureReason::Error)),
        };
        let row = NewSignIn {
            user_id: user,
            at_ms: state.now_ms(),
            method: self.method,
            tenant_id: &self.tenant,
            remote_address: &self.remote_address,
            user_agent: &self.user_agent.0,
            failure,
        };
        if let Err(error) = state.db().record_sign_in_attempt(&row, KEEP_PER_USER).await {
            tracing::warn!(%error, user = %user, "recording a sign-in in the history failed");
        }
    }
}
