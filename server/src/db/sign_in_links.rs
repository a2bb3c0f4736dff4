//! Storage of one-time sign-ins a backend generated (Descope's test-user OTP codes, magic and
//! enchanted links, embedded links): SHA-256 hashes of their secrets, each used once, gone when
//! used or expired. Generating one takes the project-wide capability; using one is the input of
//! the check that signs its user in (`auth::sign_in_links`).

use super::audit::{Actor, AuditEvent, record_in};
use super::{Db, flag};
use crate::capability::ProjectWide;
use crate::error::Result;
use serde_json::json;
use sqlx::Row;
use tenantkit_wire::UserId;
use tenantkit_wire::audit::AuditAction;

/// What a one-time sign-in is, stored as its `kind` (and used as the `amr` of its tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A test user's six-digit code.
    Otp,
    /// A test user's magic link.
    MagicLink,
    /// A test user's enchanted link (opened on one device, the session taken on another).
    EnchantedLink,
    /// An embedded link's token (any user), redeemed like a magic link.
    EmbeddedLink,
}

impl LinkKind {
    /// The stored name, also the `amr` of the tokens it signs in with.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Otp => "otp",
            Self::MagicLink => "magiclink",
            Self::EnchantedLink => "enchantedlink",
            Self::EmbeddedLink => "embeddedlink",
        }
    }
}

/// A one-time sign-in to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignInLink {
    /// SHA-256 of the secret (for a code, of `"<user id>:<code>"`).
    pub token_hash: String,
    /// Who it signs in.
    pub user_id: UserId,
    /// What it is.
    pub kind: LinkKind,
    /// Enchanted links: SHA-256 of the `pendingRef`.
    pub pending_hash: Option<String>,
    /// Epoch seconds after which it no longer stands.
    pub expires: i64,
}

/// The answer to a poll of an enchanted link's pending session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingSession {
    /// The link was opened: the session is this user's (and the link is now used up).
    Ready(UserId),
    /// The link has not been opened yet.
    Waiting,
    /// No such pending reference, or it expired.
    Unknown,
}

impl Db {
    /// Stores `link` (an earlier code of the same user and kind is dropped: one stands at a
    /// time), with an audit event naming its kind.
    pub async fn insert_sign_in_link(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        link: &NewSignInLink,
        now_ms: i64,
    ) -> Result<()> {
        let now = now_ms / 1000;
        let mut tx = self.write_tx().await?;
        if link.kind == LinkKind::Otp {
            sqlx::query("DELETE FROM sign_in_links WHERE user_id = $1 AND kind = $2")
                .bind(link.user_id.as_str())
                .bind(link.kind.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sign_in_links WHERE expires < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_links (token_hash, user_id, kind, pending_hash, verified, expires) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(link.token_hash.as_str())
        .bind(link.user_id.as_str())
        .bind(link.kind.as_str())
        .bind(link.pending_hash.as_deref())
        .bind(false)
        .bind(link.expires)
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::SignInLinkGenerated, "", link.user_id.as_str())
            .with_data(json!({ "kind": link.kind.as_str(), "expires": link.expires }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses up the one-time sign-in whose secret hashes to `token_hash`, if it is one of
    /// `kinds` and has not expired: its user and kind.
    pub async fn take_sign_in_link(
        &self,
        token_hash: &str,
        kinds: &[LinkKind],
        now: i64,
    ) -> Result<Option<(UserId, LinkKind)>> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT user_id, kind, expires FROM sign_in_links WHERE token_hash = $1 AND verified = $2",
        )
        .bind(token_hash)
        .bind(false)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let kind: String = row.try_get("kind")?;
        let Some(kind) = kinds.iter().copied().find(|known| known.as_str() == kind) else {
            return Ok(None);
        };
        sqlx::query("DELETE FROM sign_in_links WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if row.try_get::<i64, _>("expires")? < now {
            return Ok(None);
        }
        Ok(Some((
            UserId::new(row.try_get::<String, _>("user_id")?),
            kind,
        )))
    }

    /// Marks an enchanted link opened, once: whether it stood (unused, unexpired).
    pub async fn open_enchanted_link(&self, token_hash: &str, now: i64) -> Result<bool> {
        let opened = sqlx::query(
            "UPDATE sign_in_links SET verified = $1 \
             WHERE token_hash = $2 AND kind = $3 AND verified = $4 AND expires >= $5",
        )
        .bind(true)
        .bind(token_hash)
        .bind(LinkKind::EnchantedLink.as_str())
        .bind(false)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(opened == 1)
    }

    /// The pending session of an enchanted link whose `pendingRef` hashes to `pending_hash`;
    /// once ready it is handed out once.
    pub async fn take_pending_session(
        &self,
        pending_hash: &str,
        now: i64,
    ) -> Result<PendingSession> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT user_id, verified, expires FROM sign_in_links WHERE pending_hash = $1",
        )
        .bind(pending_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(PendingSession::Unknown);
        };
        if row.try_get::<i64, _>("expires")? < now {
            return Ok(PendingSession::Unknown);
        }
        if !flag(&row, "verified")? {
            return Ok(PendingSession::Waiting);
        }
        sqlx::query("DELETE FROM sign_in_links WHERE pending_hash = $1")
            .bind(pending_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(PendingSession::Ready(UserId::new(
            row.try_get::<String, _>("user_id")?,
        )))
    }
}
