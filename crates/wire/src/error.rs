//! The one error envelope of the wire format: every non-2xx response carries it as JSON.

use serde::{Deserialize, Serialize};

/// `{"errorCode": "E062108", "errorDescription": "User not found", "errorMessage": "Cannot find user"}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// A stable machine-readable code, one of [`ErrorCode`].
    #[serde(default)]
    pub error_code: String,
    /// A short, stable description of the code.
    #[serde(default)]
    pub error_description: String,
    /// A human-readable message about this particular failure.
    #[serde(default)]
    pub error_message: String,
}

/// The error codes the wire contract names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// `E011001`: the request is malformed.
    BadRequest,
    /// `E011002`: a required argument is missing.
    MissingArguments,
    /// `E011003`: an argument failed validation.
    ValidationFailed,
    /// `E011004`: an argument is invalid.
    InvalidArguments,
    /// `E062107`: a user with that login id already exists.
    UserAlreadyExists,
    /// `E062108`: no such user.
    UserNotFound,
    /// `E112102`: management API: no such user.
    MgmtUserNotFound,
    /// `E130429`: too many requests.
    RateLimited,
    /// `E061102`: the credentials are missing, invalid or expired.
    Unauthorized,
    /// `E061103`: authenticated, but not allowed to do this.
    Forbidden,
    /// `E011404`: no such resource or route.
    NotFound,
    /// `E011500`: something failed on the server; details are in its log only.
    Internal,
}

impl ErrorCode {
    /// The code as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "E011001",
            Self::MissingArguments => "E011002",
            Self::ValidationFailed => "E011003",
            Self::InvalidArguments => "E011004",
            Self::UserAlreadyExists => "E062107",
            Self::UserNotFound => "E062108",
            Self::MgmtUserNotFound => "E112102",
            Self::RateLimited => "E130429",
            Self::Unauthorized => "E061102",
            Self::Forbidden => "E061103",
            Self::NotFound => "E011404",
            Self::Internal => "E011500",
        }
    }

    /// The stable description that goes with the code.
    pub fn description(self) -> &'static str {
        match self {
            Self::BadRequest => "Bad request",
            Self::MissingArguments => "Missing arguments",
            Self::ValidationFailed => "Validation failed",
            Self::InvalidArguments => "Invalid arguments",
            Self::UserAlreadyExists => "User already exists",
            Self::UserNotFound => "User not found",
            Self::MgmtUserNotFound => "User not found",
            Self::RateLimited => "Rate limited",
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden => "Forbidden",
            Self::NotFound => "Not found",
            Self::Internal => "Internal error",
        }
    }

    /// An error body for this code with a specific message.
    pub fn body(self, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error_code: self.as_str().to_owned(),
            error_description: self.description().to_owned(),
            error_message: message.into(),
        }
    }
}
