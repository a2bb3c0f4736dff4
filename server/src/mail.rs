//! Outgoing email (invitations): through the configured SMTP server, or, when none is
//! configured, into an in-memory outbox that a development setup can show (`--dev-outbox`,
//! `GET /tk/dev/outbox`). Outbox messages are never written to the database: they carry
//! one-time links.

use crate::error::{Error, Result};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Mutex;

/// How many messages the outbox keeps (the oldest go first).
const OUTBOX_CAPACITY: usize = 200;

/// One email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was handed over, epoch milliseconds.
    pub sent: i64,
}

/// Where mail goes.
#[derive(Debug)]
pub enum Mailer {
    /// An SMTP server.
    Smtp {
        /// The transport (connection pool) built from the `--smtp-url`.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
    /// No SMTP server: the last messages are kept in memory.
    Outbox(Mutex<VecDeque<Mail>>),
}

impl Mailer {
    /// A mailer for `smtp_url` (`smtp://host:port` plain, `smtp://host:port?tls=required`
    /// STARTTLS, `smtps://host:port` implicit TLS; credentials as `user:password@`), or the
    /// outbox when there is none.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self> {
        let Some(url) = smtp_url.filter(|url| !url.trim().is_empty()) else {
            return Ok(Self::Outbox(Mutex::new(VecDeque::new())));
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| Error::InvalidArguments(format!("Invalid SMTP URL: {error}")))?
            .timeout(Some(std::time::Duration::from_secs(15)))
            .build();
        let from = from.parse().map_err(|error| {
            Error::InvalidArguments(format!("Invalid sender address {from:?}: {error}"))
        })?;
        Ok(Self::Smtp { transport, from })
    }

    /// The in-memory outbox alone.
    pub fn outbox() -> Self {
        Self::Outbox(Mutex::new(VecDeque::new()))
    }

    /// Sends `mail`. A failure is [`Error::MailNotSent`] with `context` in front of the reason.
    pub async fn send(&self, mail: Mail, context: &str) -> Result<()> {
        match self {
            Self::Smtp { transport, from } => {
                let not_sent = |reason: String| Error::MailNotSent(format!("{context}: {reason}"));
                let to: Mailbox = mail
                    .to
                    .parse()
                    .map_err(|error| not_sent(format!("invalid recipient: {error}")))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(mail.subject)
                    .body(mail.body)
                    .map_err(|error| not_sent(error.to_string()))?;
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|error| not_sent(format!("the SMTP server refused: {error}")))
            }
            Self::Outbox(outbox) => {
                tracing::info!(to = %mail.to, subject = %mail.subject, "email kept in the outbox (no SMTP server configured)");
                let mut outbox = outbox
                    .lock()
                    .map_err(|_| Error::internal("outbox lock poisoned"))?;
                if outbox.len() == OUTBOX_CAPACITY {
                    outbox.pop_front();
                }
                outbox.push_back(mail);
                Ok(())
            }
        }
    }

    /// The outbox, newest first (empty when mail goes to an SMTP server).
    pub fn outbox_messages(&self) -> Vec<Mail> {
        match self {
            Self::Smtp { .. } => Vec::new(),
            Self::Outbox(outbox) => outbox
                .lock()
                .map(|outbox| outbox.iter().rev().cloned().collect())
                .unwrap_or_default(),
        }
    }
}
