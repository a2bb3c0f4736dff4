//! Validation rules shared by the browser forms and the server: the widget shows the same message
//! next to the field that the server would return as `E011003`.

use crate::user_ops::{CreateUserRequest, PatchUserRequest};
use serde::{Deserialize, Serialize};

/// Longest login id, name or email accepted.
pub const MAX_TEXT_LEN: usize = 256;

/// A validation failure of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The wire name of the field (`loginId`, `email`, ...).
    pub field: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

fn has_control(value: &str) -> bool {
    value.chars().any(char::is_control)
}

/// A login id: required, at most 256 characters, no spaces or control characters.
pub fn login_id(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("A login ID is required".to_owned());
    }
    if value.chars().count() > MAX_TEXT_LEN {
        return Err(format!("A login ID has at most {MAX_TEXT_LEN} characters"));
    }
    if value.chars().any(char::is_whitespace) || has_control(value) {
        return Err("A login ID cannot contain spaces".to_owned());
    }
    Ok(())
}

/// An email address: empty is allowed (optional field); otherwise `local@domain.tld`.
pub fn email(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    let invalid = || Err(format!("{value:?} is not a valid email address"));
    if value.chars().count() > MAX_TEXT_LEN
        || value.chars().any(char::is_whitespace)
        || has_control(value)
    {
        return invalid();
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return invalid();
    };
    let labels_ok = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    if local.is_empty() || local.contains('@') || !domain.contains('.') || !labels_ok {
        return invalid();
    }
    Ok(())
}

/// A phone number: empty is allowed; otherwise E.164 (`+` and 7 to 15 digits).
pub fn phone(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    let digits = value.strip_prefix('+').unwrap_or("");
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("A phone number must be in international format, like +14155550123".to_owned())
    }
}

/// A name: at most 256 characters, no control characters.
pub fn name(value: &str) -> Result<(), String> {
    if value.chars().count() > MAX_TEXT_LEN {
        return Err(format!("A name has at most {MAX_TEXT_LEN} characters"));
    }
    if has_control(value) {
        return Err("A name cannot contain control characters".to_owned());
    }
    Ok(())
}

fn check(errors: &mut Vec<FieldError>, field: &'static str, result: Result<(), String>) {
    if let Err(message) = result {
        errors.push(FieldError::new(field, message));
    }
}

impl CreateUserRequest {
    /// Every field error of a create (or full update) request; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check(&mut errors, "loginId", login_id(self.login_id.as_str()));
        check(&mut errors, "email", email(&self.email));
        check(&mut errors, "phone", phone(&self.phone));
        check(&mut errors, "name", name(&self.name));
        check(&mut errors, "givenName", name(&self.given_name));
        check(&mut errors, "middleName", name(&self.middle_name));
        check(&mut errors, "familyName", name(&self.family_name));
        if self.invite && self.email.is_empty() {
            errors.push(FieldError::new(
                "email",
                "An invitation needs an email address",
            ));
        }
        errors
    }
}

impl PatchUserRequest {
    /// Every field error of a patch request; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check(&mut errors, "loginId", login_id(self.login_id.as_str()));
        if let Some(value) = &self.email {
            check(&mut errors, "email", email(value));
        }
        if let Some(value) = &self.phone {
            check(&mut errors, "phone", phone(value));
        }
        for (field, value) in [
            ("name", &self.name),
            ("givenName", &self.given_name),
            ("middleName", &self.middle_name),
            ("familyName", &self.family_name),
        ] {
            if let Some(value) = value {
                check(&mut errors, field, name(value));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(email("").is_ok());
        assert!(email("ada@acme.test").is_ok());
        for bad in [
            "ada",
            "ada@",
            "@acme.test",
            "ada@acme",
            "a da@acme.test",
            "ada@acme..test",
            "ada@-acme.test",
        ] {
            assert!(email(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn phones() {
        assert!(phone("+14155550123").is_ok());
        for bad in ["14155550123", "+1 415 555", "+12", "+1415555012345678"] {
            assert!(phone(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn login_ids() {
        assert!(login_id("ada@acme.test").is_ok());
        assert!(login_id("").is_err());
        assert!(login_id("a b").is_err());
        assert!(login_id(&"x".repeat(257)).is_err());
    }

    #[test]
    fn create_request_reports_each_bad_field() {
        let request = CreateUserRequest {
            login_id: "".into(),
            email: "nope".into(),
            invite: true,
            ..CreateUserRequest::default()
        };
        let fields: Vec<_> = request.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["loginId", "email"]);
    }

    #[test]
    fn sdk_spellings_of_the_name_are_both_accepted() {
        let from_widget: PatchUserRequest =
            serde_json::from_str(r#"{"loginId":"a","displayName":"Ada"}"#).unwrap_or_default();
        let from_go: PatchUserRequest =
            serde_json::from_str(r#"{"loginId":"a","name":"Ada","unknown":1}"#).unwrap_or_default();
        assert_eq!(from_widget.name.as_deref(), Some("Ada"));
        assert_eq!(from_go.name.as_deref(), Some("Ada"));
    }
}
