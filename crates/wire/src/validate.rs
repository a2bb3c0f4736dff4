//! Validation rules shared by the browser forms and the server: the widget shows the same message
//! next to the field that the server would return as `E011003`.

use crate::user_ops::{CreateUserRequest, CustomAttribute, PatchUserRequest, attribute_type};
use serde::{Deserialize, Serialize};

/// Longest login id, name or email accepted.
pub const MAX_TEXT_LEN: usize = 256;

/// A validation failure of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// The wire name of the field (`loginId`, `email`, ...).
    pub field: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
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

/// A phone as people and phone inputs type it (`+1 (415) 555-0123`; Descope's phone field sends
/// `+972-5485454`) in E.164: after a leading `+`, spaces, `-`, `.`, `(` and `)` are dropped.
/// Anything else is returned as given, for [`phone`] to refuse.
pub fn normalize_phone(value: &str) -> String {
    match value.trim().strip_prefix('+') {
        Some(rest)
            if rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')')) =>
        {
            let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
            format!("+{digits}")
        }
        _ => value.to_owned(),
    }
}

/// Deserializes a phone number through [`normalize_phone`].
pub(crate) fn de_phone<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let value = <String as serde::Deserialize>::deserialize(deserializer)?;
    Ok(normalize_phone(&value))
}

/// Deserializes an optional phone number through [`normalize_phone`].
pub(crate) fn de_optional_phone<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let value = <Option<String> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(value.map(|value| normalize_phone(&value)))
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

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted (argon2 hashes any length; this bounds the work per request).
pub const MAX_PASSWORD_LEN: usize = 128;

/// A password: 8 to 128 characters.
pub fn password(value: &str) -> Result<(), String> {
    let length = value.chars().count();
    if length < MIN_PASSWORD_LEN {
        return Err(format!(
            "A password has at least {MIN_PASSWORD_LEN} characters"
        ));
    }
    if length > MAX_PASSWORD_LEN {
        return Err(format!(
            "A password has at most {MAX_PASSWORD_LEN} characters"
        ));
    }
    Ok(())
}

/// A custom attribute definition: a machine name of letters, digits and `_`, a known type, and
/// options for the select type.
pub fn custom_attribute_definition(definition: &CustomAttribute) -> Result<(), String> {
    let name = definition.name.as_str();
    if name.is_empty()
        || name.len() > 64
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!(
            "{name:?} is not a valid attribute name: use 1 to 64 letters, digits or _"
        ));
    }
    if !(attribute_type::TEXT..=attribute_type::DATE).contains(&definition.kind) {
        return Err(format!(
            "Attribute {name}: type {} is unknown (1 text, 2 numeric, 3 boolean, 4 single select, \
             5 array, 6 date)",
            definition.kind
        ));
    }
    if definition.kind == attribute_type::SINGLE_SELECT && definition.options.is_empty() {
        return Err(format!("Attribute {name}: a single select needs options"));
    }
    Ok(())
}

/// A value of the custom attribute `definition`: its JSON type must match the attribute's type,
/// a select value must be one of the options. `null` clears the value and is always accepted.
pub fn custom_attribute_value(
    definition: &CustomAttribute,
    value: &serde_json::Value,
) -> Result<(), String> {
    use serde_json::Value;
    let label = if definition.display_name.is_empty() {
        definition.name.as_str()
    } else {
        definition.display_name.as_str()
    };
    let allowed =
        |text: &str| definition.options.is_empty() || definition.options.iter().any(|o| o == text);
    let ok = match (definition.kind, value) {
        (_, Value::Null) => true,
        (attribute_type::TEXT, Value::String(text)) => text.chars().count() <= 4096,
        (attribute_type::NUMERIC, Value::Number(_)) => true,
        (attribute_type::BOOLEAN, Value::Bool(_)) => true,
        (attribute_type::SINGLE_SELECT, Value::String(text)) => allowed(text),
        (attribute_type::ARRAY, Value::Array(items)) => {
            items.iter().all(|item| item.as_str().is_some_and(allowed))
        }
        (attribute_type::DATE, Value::Number(number)) => number.is_i64(),
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let expected = match definition.kind {
        attribute_type::TEXT => "text".to_owned(),
        attribute_type::NUMERIC => "a number".to_owned(),
        attribute_type::BOOLEAN => "true or false".to_owned(),
        attribute_type::DATE => "a date (epoch milliseconds)".to_owned(),
        _ if !definition.options.is_empty() => {
            format!("one of {}", definition.options.join(", "))
        }
        _ => "a list of text".to_owned(),
    };
    Err(format!("{label} must be {expected}"))
}

/// Checks every value of `attributes` against `definitions`: an unknown name or a value of the
/// wrong type is a field error named `customAttributes.<name>`.
pub fn custom_attributes(
    definitions: &[CustomAttribute],
    attributes: &serde_json::Map<String, serde_json::Value>,
) -> Vec<FieldError> {
    attributes
        .iter()
        .filter_map(|(name, value)| {
            let result = match definitions.iter().find(|d| &d.name == name) {
                Some(definition) => custom_attribute_value(definition, value),
                None => Err(format!(
                    "{name:?} is not a custom attribute of this project"
                )),
            };
            result
                .err()
                .map(|message| FieldError::new("customAttributes", message))
        })
        .collect()
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
    fn custom_attribute_values_follow_their_type() {
        let plan = CustomAttribute {
            name: "plan".into(),
            kind: attribute_type::SINGLE_SELECT,
            options: vec!["free".into(), "pro".into()],
            display_name: "Plan".into(),
            editable: true,
        };
        let seats = CustomAttribute {
            name: "seats".into(),
            kind: attribute_type::NUMERIC,
            ..CustomAttribute::default()
        };
        let definitions = [plan.clone(), seats];
        let good = serde_json::json!({"plan": "pro", "seats": 3});
        assert!(
            custom_attributes(
                &definitions,
                good.as_object().unwrap_or(&Default::default())
            )
            .is_empty()
        );
        let bad = serde_json::json!({"plan": "gold", "seats": "3", "colour": "red"});
        let errors =
            custom_attributes(&definitions, bad.as_object().unwrap_or(&Default::default()));
        assert_eq!(errors.len(), 3);
        assert_eq!(
            errors[0].message,
            "\"colour\" is not a custom attribute of this project"
        );
        assert_eq!(errors[1].message, "Plan must be one of free, pro");
        assert!(custom_attribute_value(&plan, &serde_json::Value::Null).is_ok());
    }

    #[test]
    fn passwords_and_definitions() {
        assert!(password("short").is_err());
        assert!(password("long enough").is_ok());
        assert!(password(&"x".repeat(129)).is_err());
        let mut definition = CustomAttribute {
            name: "bad name".into(),
            kind: attribute_type::TEXT,
            ..CustomAttribute::default()
        };
        assert!(custom_attribute_definition(&definition).is_err());
        definition.name = "department".into();
        assert!(custom_attribute_definition(&definition).is_ok());
        definition.kind = 9;
        assert!(custom_attribute_definition(&definition).is_err());
    }

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
    fn phones_as_typed_become_e164() {
        assert_eq!(normalize_phone("+972-5485454"), "+9725485454");
        assert_eq!(normalize_phone(" +1 (415) 555.0123 "), "+14155550123");
        // Not a phone with separators: left for `phone` to refuse.
        assert_eq!(normalize_phone("4155550123"), "4155550123");
        assert_eq!(normalize_phone("+1 415 CALL-NOW"), "+1 415 CALL-NOW");
        let patch: Result<crate::user_ops::PatchUserRequest, _> =
            serde_json::from_str(r#"{"loginId": "ada", "phone": "+1-555-0100-99"}"#);
        assert_eq!(
            patch.map(|patch| patch.phone).ok().flatten().as_deref(),
            Some("+1555010099")
        );
        let create: Result<crate::user_ops::CreateUserRequest, _> =
            serde_json::from_str(r#"{"loginId": "ada", "phone": "+44 20 7946 0958"}"#);
        assert_eq!(
            create.map(|create| create.phone).ok().as_deref(),
            Some("+442079460958")
        );
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
