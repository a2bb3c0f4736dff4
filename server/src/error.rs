//! The server's one error type, and the one place where an error becomes an HTTP response.
//!
//! Every failure (a bad request, a refused credential, a database outage) is an [`Error`]. Its
//! [`IntoResponse`] impl is the only code that writes the wire error envelope
//! `{errorCode, errorDescription, errorMessage}`; database and internal failures are logged
//! there, once, and the client only sees a generic message.

use axum::Json;
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{AppendHeaders, IntoResponse, Response};
use tenantkit_wire::{ErrorCode, FieldError};

/// Result of any fallible server operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed (unparsable JSON, wrong types): 400 `E011001`.
    #[error("{0}")]
    BadRequest(String),
    /// The request URI is longer than the server reads: 414 `E011001`.
    #[error("{0}")]
    UriTooLong(String),
    /// A required argument is missing: 400 `E011002`.
    #[error("{0}")]
    MissingArguments(String),
    /// An argument has a value the server does not accept: 400 `E011004`.
    #[error("{0}")]
    InvalidArguments(String),
    /// Credentials are missing, invalid, expired or revoked: 401.
    #[error("{0}")]
    Unauthorized(String),
    /// Authenticated, but not allowed to do this: 403.
    #[error("{0}")]
    Forbidden(String),
    /// No such resource or route: 404.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not with this method: 405.
    #[error("Method not allowed")]
    MethodNotAllowed,
    /// The request is larger than the route reads (an import's CSV): 413 `E011001`.
    #[error("{0}")]
    TooLarge(String),
    /// A user with one of the login ids exists already: 409 `E062107`.
    #[error("{0}")]
    UserAlreadyExists(String),
    /// No such user (or none the caller may see): 404 `E062108`.
    #[error("{0}")]
    UserNotFound(String),
    /// Fields failed the shared validation rules: 400 `E011003`, every field's message.
    #[error("{}", join_field_errors(.0))]
    Validation(Vec<FieldError>),
    /// The change conflicts with the current state (a duplicate name or domain): 409 `E011004`.
    #[error("{0}")]
    Conflict(String),
    /// The change was made, but the email that goes with it could not be sent: 502. The message
    /// says what was done, so the client knows nothing was lost and what to retry.
    #[error("{0}")]
    MailNotSent(String),
    /// Too many attempts (failed sign-ins from one address, a locked login id) or too much
    /// work queued (password hashing): 429 `E130429`, with a `Retry-After` header.
    #[error("{message}")]
    TooManyRequests {
        /// What was refused, for people.
        message: String,
        /// Seconds until a retry can succeed (at least 1).
        retry_after_secs: u64,
    },
    /// The database failed. Logged; the client sees a generic message.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying the schema migrations failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Any other failure inside the server (crypto, stored data that does not parse, a panicked
    /// blocking task). Logged; the client sees a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|error| error.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// `Err(Validation)` when `errors` is not empty.
    pub fn check_fields(errors: Vec<FieldError>) -> Result<()> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Self::Validation(errors))
        }
    }

    /// An internal error from anything displayable, for `map_err`.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self::Internal(error.to_string())
    }

    /// The HTTP status and wire code of this error.
    pub fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
            Self::UriTooLong(_) => (StatusCode::URI_TOO_LONG, ErrorCode::BadRequest),
            Self::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadRequest),
            Self::MissingArguments(_) => (StatusCode::BAD_REQUEST, ErrorCode::MissingArguments),
            Self::InvalidArguments(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidArguments),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::BadRequest),
            Self::UserAlreadyExists(_) => (StatusCode::CONFLICT, ErrorCode::UserAlreadyExists),
            Self::UserNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::UserNotFound),
            Self::Validation(_) => (StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed),
            Self::Conflict(_) => (StatusCode::CONFLICT, ErrorCode::InvalidArguments),
            Self::MailNotSent(_) => (StatusCode::BAD_GATEWAY, ErrorCode::Internal),
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Self::Database(_) | Self::Migration(_) | Self::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let retry_after = match &self {
            Self::TooManyRequests {
                retry_after_secs, ..
            } => Some((RETRY_AFTER, retry_after_secs.max(&1).to_string())),
            _ => None,
        };
        let message = match self {
            Self::Database(_) | Self::Migration(_) | Self::Internal(_) => {
                // The only place a server-side failure is logged: the details stay in the log.
                tracing::error!(error = %self, "request failed");
                "The server could not complete the request".to_owned()
            }
            Self::MailNotSent(_) => {
                tracing::warn!(error = %self, "email not sent");
                self.to_string()
            }
            _ => self.to_string(),
        };
        (status, AppendHeaders(retry_after), Json(code.body(message))).into_response()
    }
}
