//! SCIM resources as JSON (RFC 7643): users and groups as the IdP reads them, what a create or
//! replace body sets, and PATCH operations (RFC 7644 §3.5.2) applied to a user in memory,
//! including what Microsoft Entra ID sends besides the RFC: capitalised `op` values, `"True"` /
//! `"False"` strings for booleans, and path-less operations whose value names attributes by
//! path (`{"name.givenName": "Ada"}`).

use super::ScimError;
use super::filter::{self, CompareOp, Filter, PatchPath};
use crate::db::scim::{ScimGroupRow, ScimUser, ScimUserRow};
use serde_json::{Map, Value, json};
use tenantkit_wire::calendar;

/// The core User schema.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The core Group schema.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// A list response.
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// A PATCH request.
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// RFC 3339 in UTC for `meta` (epoch seconds in).
fn timestamp(secs: i64) -> String {
    // `YYYY-MM-DD HH:MM:SS UTC` -> `YYYY-MM-DDTHH:MM:SSZ`.
    let text = calendar::second_text(secs);
    format!("{}Z", text.trim_end_matches(" UTC").replacen(' ', "T", 1))
}

/// The user as SCIM shows it; empty attributes are left out.
pub fn user_json(row: &ScimUserRow, base_url: &str) -> Value {
    let user = &row.user;
    let mut out = Map::new();
    out.insert("schemas".into(), json!([USER_SCHEMA]));
    out.insert("id".into(), json!(row.id.as_str()));
    if !user.external_id.is_empty() {
        out.insert("externalId".into(), json!(user.external_id));
    }
    out.insert("userName".into(), json!(user.user_name));
    let mut name = Map::new();
    for (key, value) in [
        ("givenName", &user.given_name),
        ("middleName", &user.middle_name),
        ("familyName", &user.family_name),
    ] {
        if !value.is_empty() {
            name.insert(key.into(), json!(value));
        }
    }
    if !name.is_empty() {
        out.insert("name".into(), Value::Object(name));
    }
    if !user.name.is_empty() {
        out.insert("displayName".into(), json!(user.name));
    }
    if !user.email.is_empty() {
        out.insert(
            "emails".into(),
            json!([{"value": user.email, "type": "work"}]),
        );
    }
    if !user.phone.is_empty() {
        out.insert(
            "phoneNumbers".into(),
            json!([{"value": user.phone, "type": "work"}]),
        );
    }
    out.insert("active".into(), json!(user.active));
    out.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": timestamp(row.created),
            "lastModified": timestamp(row.modified),
            "location": format!("{base_url}/Users/{}", row.id),
        }),
    );
    Value::Object(out)
}

/// The group as SCIM shows it (members only when loaded).
pub fn group_json(group: &ScimGroupRow, base_url: &str) -> Value {
    let mut out = Map::new();
    out.insert("schemas".into(), json!([GROUP_SCHEMA]));
    out.insert("id".into(), json!(group.id));
    if !group.external_id.is_empty() {
        out.insert("externalId".into(), json!(group.external_id));
    }
    out.insert("displayName".into(), json!(group.display_name));
    if let Some(members) = &group.members {
        let members: Vec<Value> = members
            .iter()
            .map(|id| json!({"value": id, "$ref": format!("{base_url}/Users/{id}")}))
            .collect();
        out.insert("members".into(), Value::Array(members));
    }
    out.insert(
        "meta".into(),
        json!({
            "resourceType": "Group",
            "created": timestamp(group.created),
            "lastModified": timestamp(group.modified),
            "location": format!("{base_url}/Groups/{}", group.id),
        }),
    );
    Value::Object(out)
}

/// A member of an object, by name regardless of case.
fn member<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    object
        .as_object()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

fn text(object: &Value, name: &str) -> Result<String, ScimError> {
    match member(object, name) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.trim().to_owned()),
        Some(_) => Err(ScimError::invalid_value(format!("{name} must be a string"))),
    }
}

/// A boolean, also as Entra's `"True"` / `"False"` strings.
pub fn boolean(value: &Value, name: &str) -> Result<bool, ScimError> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimError::invalid_value(format!(
            "{name} must be true or false"
        ))),
    }
}

/// The value of a multi-valued attribute (`emails`, `phoneNumbers`) we keep: the primary one,
/// else the work one, else the first.
fn preferred(object: &Value, name: &str) -> Result<String, ScimError> {
    let Some(values) = member(object, name).filter(|values| !values.is_null()) else {
        return Ok(String::new());
    };
    let Value::Array(items) = values else {
        return Err(ScimError::invalid_value(format!("{name} must be a list")));
    };
    let chosen = items
        .iter()
        .find(|item| member(item, "primary").is_some_and(|p| boolean(p, "primary") == Ok(true)))
        .or_else(|| {
            items
                .iter()
                .find(|item| member(item, "type").and_then(Value::as_str) == Some("work"))
        })
        .or_else(|| items.first());
    match chosen {
        Some(item) => text(item, "value"),
        None => Ok(String::new()),
    }
}

/// What a create or replace body sets on a user.
pub fn user_input(body: &Value) -> Result<ScimUser, ScimError> {
    if !body.is_object() {
        return Err(ScimError::invalid_syntax("The body must be a JSON object"));
    }
    let user_name = text(body, "userName")?;
    if user_name.is_empty() {
        return Err(ScimError::invalid_value("userName is required"));
    }
    let name = member(body, "name").cloned().unwrap_or(Value::Null);
    let given_name = text(&name, "givenName")?;
    let family_name = text(&name, "familyName")?;
    let mut display = text(body, "displayName")?;
    if display.is_empty() {
        display = text(&name, "formatted")?;
    }
    let phone = preferred(body, "phoneNumbers")?;
    let phone = if phone.is_empty() {
        phone
    } else {
        tenantkit_wire::validate::normalize_phone(&phone)
    };
    let input = ScimUser {
        user_name,
        external_id: text(body, "externalId")?,
        name: display,
        given_name,
        middle_name: text(&name, "middleName")?,
        family_name,
        email: preferred(body, "emails")?,
        phone,
        active: match member(body, "active") {
            None | Some(Value::Null) => true,
            Some(value) => boolean(value, "active")?,
        },
    };
    let mut errors = Vec::new();
    if let Err(error) = tenantkit_wire::validate::login_id(&input.user_name) {
        errors.push(format!("userName: {error}"));
    }
    if !input.email.is_empty()
        && let Err(error) = tenantkit_wire::validate::email(&input.email)
    {
        errors.push(format!("emails: {error}"));
    }
    if !input.phone.is_empty()
        && let Err(error) = tenantkit_wire::validate::phone(&input.phone)
    {
        errors.push(format!("phoneNumbers: {error}"));
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(ScimError::invalid_value(errors.join("; ")))
    }
}

/// The operations of a PATCH body.
pub fn operations(body: &Value) -> Result<&Vec<Value>, ScimError> {
    match member(body, "Operations") {
        Some(Value::Array(ops)) if !ops.is_empty() => Ok(ops),
        _ => Err(ScimError::invalid_syntax(
            "A PATCH body needs a non-empty Operations list",
        )),
    }
}

/// An operation's verb, lower-case (Entra capitalises it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `add`.
    Add,
    /// `replace`.
    Replace,
    /// `remove`.
    Remove,
}

/// An operation's verb, path and value.
pub fn operation(op: &Value) -> Result<(Op, Option<PatchPath>, Option<&Value>), ScimError> {
    let verb = match member(op, "op")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
    {
        Some(verb) if verb == "add" => Op::Add,
        Some(verb) if verb == "replace" => Op::Replace,
        Some(verb) if verb == "remove" => Op::Remove,
        _ => {
            return Err(ScimError::invalid_syntax(
                "Each operation's op must be add, replace or remove",
            ));
        }
    };
    let path = match member(op, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(path)) if path.trim().is_empty() => None,
        Some(Value::String(path)) => {
            Some(filter::parse_path(path).map_err(|error| ScimError::invalid_path(error.0))?)
        }
        Some(_) => return Err(ScimError::invalid_path("path must be a string")),
    };
    let value = member(op, "value").filter(|value| !value.is_null());
    if verb != Op::Remove && value.is_none() {
        return Err(ScimError::invalid_value("add and replace need a value"));
    }
    if verb == Op::Remove && path.is_none() && value.is_none() {
        return Err(ScimError::no_target("remove needs a path"));
    }
    Ok((verb, path, value))
}

/// The attribute names of a user as they are spelled (lower-case in, canonical out); `None`
/// for attributes we do not keep, which PATCH ignores (Entra sends `title`, `locale`, ...).
fn canonical(attr: &str) -> Option<&'static str> {
    Some(match attr {
        "username" => "userName",
        "externalid" => "externalId",
        "displayname" => "displayName",
        "name" => "name",
        "emails" => "emails",
        "phonenumbers" => "phoneNumbers",
        "active" => "active",
        "givenname" => "givenName",
        "familyname" => "familyName",
        "middlename" => "middleName",
        "formatted" => "formatted",
        "value" => "value",
        "type" => "type",
        "primary" => "primary",
        _ => return None,
    })
}

/// Applies PATCH operations to a user resource (as [`user_json`] made it).
pub fn patch_user(user: &mut Value, ops: &[Value]) -> Result<(), ScimError> {
    for op in ops {
        let (verb, path, value) = operation(op)?;
        match path {
            Some(path) => apply(user, verb, &path, value)?,
            None => {
                // Path-less: the value's members are attributes (or, from Entra, paths).
                let Some(Value::Object(members)) = value else {
                    return Err(ScimError::invalid_value(
                        "An operation without a path needs an object value",
                    ));
                };
                for (key, value) in members {
                    let path = filter::parse_path(key)
                        .map_err(|error| ScimError::invalid_path(error.0))?;
                    if path.sub.is_none() && path.filter.is_none() && path.attr == "name" {
                        // `{"name": {...}}` sets the name's parts that it names.
                        if let Value::Object(parts) = value {
                            for (part, value) in parts {
                                let path = PatchPath {
                                    attr: "name".to_owned(),
                                    filter: None,
                                    sub: Some(part.to_ascii_lowercase()),
                                };
                                apply(user, verb, &path, Some(value))?;
                            }
                            continue;
                        }
                    }
                    apply(user, verb, &path, Some(value))?;
                }
            }
        }
    }
    Ok(())
}

fn apply(
    user: &mut Value,
    verb: Op,
    path: &PatchPath,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let Some(attr) = canonical(&path.attr) else {
        return Ok(());
    };
    let Some(object) = user.as_object_mut() else {
        return Err(ScimError::internal("the user is not an object"));
    };
    let sub = match &path.sub {
        Some(sub) => match canonical(sub) {
            Some(sub) => Some(sub),
            None => return Ok(()),
        },
        None => None,
    };
    if matches!(attr, "userName" | "id") && verb == Op::Remove {
        return Err(ScimError::mutability(format!("{attr} cannot be removed")));
    }
    match (&path.filter, sub) {
        (None, None) => match verb {
            Op::Remove => {
                object.remove(attr);
            }
            Op::Add if matches!(attr, "emails" | "phoneNumbers") => {
                // Adding to a multi-valued attribute: the new values come first, and the
                // preferred one (primary) wins when the user is stored.
                let mut items = match value {
                    Some(Value::Array(items)) => items.clone(),
                    Some(item) => vec![item.clone()],
                    None => Vec::new(),
                };
                if let Some(Value::Array(current)) = object.get(attr) {
                    items.extend(current.iter().cloned());
                }
                object.insert(attr.to_owned(), Value::Array(items));
            }
            Op::Add | Op::Replace => {
                let value = value.cloned().unwrap_or(Value::Null);
                if attr == "name"
                    && let (Value::Object(parts), Some(Value::Object(current))) =
                        (&value, object.get_mut("name"))
                {
                    for (part, value) in parts {
                        current.insert(part.clone(), value.clone());
                    }
                } else {
                    object.insert(attr.to_owned(), value);
                }
            }
        },
        (None, Some(sub)) => {
            let entry = object.entry(attr.to_owned()).or_insert_with(|| json!({}));
            match entry {
                Value::Object(parts) => {
                    if verb == Op::Remove {
                        parts.remove(sub);
                    } else {
                        parts.insert(sub.to_owned(), value.cloned().unwrap_or(Value::Null));
                    }
                }
                Value::Array(items) => {
                    // `emails.value`: every value of the attribute.
                    for item in items.iter_mut() {
                        if let Value::Object(parts) = item {
                            if verb == Op::Remove {
                                parts.remove(sub);
                            } else {
                                parts.insert(sub.to_owned(), value.cloned().unwrap_or(Value::Null));
                            }
                        }
                    }
                }
                _ => {
                    return Err(ScimError::invalid_path(format!(
                        "{attr} has no sub-attribute {sub}"
                    )));
                }
            }
        }
        (Some(filter), sub) => {
            let entry = object
                .entry(attr.to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(items) = entry else {
                return Err(ScimError::invalid_path(format!(
                    "{attr} is not multi-valued"
                )));
            };
            let matching: Vec<usize> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| filter::matches(filter, item))
                .map(|(index, _)| index)
                .collect();
            match (verb, sub) {
                (Op::Remove, None) => {
                    let mut index = 0;
                    items.retain(|_| {
                        let keep = !matching.contains(&index);
                        index += 1;
                        keep
                    });
                }
                (Op::Remove, Some(sub)) => {
                    for index in matching {
                        if let Some(Value::Object(parts)) = items.get_mut(index) {
                            parts.remove(sub);
                        }
                    }
                }
                (_, sub) => {
                    let new = match sub {
                        Some(sub) => value.cloned().map(|value| json!({ sub: value })),
                        None => value.cloned(),
                    }
                    .unwrap_or(Value::Null);
                    if matching.is_empty() {
                        // Nothing matches: the filter's equalities describe the new value
                        // (`emails[type eq "work"].value` adds a work address).
                        let mut item = implied(filter);
                        if let (Value::Object(item), Value::Object(new)) = (&mut item, &new) {
                            item.extend(new.clone());
                        }
                        items.push(item);
                    } else {
                        for index in matching {
                            if let (Some(Value::Object(parts)), Value::Object(new)) =
                                (items.get_mut(index), &new)
                            {
                                parts.extend(new.clone());
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// The attributes a value filter's `eq` comparisons fix: `type eq "work"` -> `{"type":"work"}`.
fn implied(filter: &Filter) -> Value {
    let mut item = Map::new();
    let mut visit = vec![filter];
    while let Some(filter) = visit.pop() {
        match filter {
            Filter::Compare(path, CompareOp::Eq, value) if path.sub.is_none() => {
                if let Some(name) = canonical(&path.attr) {
                    item.insert(name.to_owned(), value.clone());
                }
            }
            Filter::And(a, b) => {
                visit.push(a);
                visit.push(b);
            }
            _ => {}
        }
    }
    Value::Object(item)
}

/// The member ids of a `members` value (`[{"value": id}, ...]`, or one such object).
pub fn member_ids(value: Option<&Value>) -> Result<Vec<String>, ScimError> {
    let items = match value {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
        Some(item @ Value::Object(_)) => vec![item],
        Some(_) => return Err(ScimError::invalid_value("members must be a list")),
    };
    items
        .into_iter()
        .map(|item| match member(item, "value") {
            Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
            _ => Err(ScimError::invalid_value(
                "each member needs a value (the user's id)",
            )),
        })
        .collect()
}

/// What a group create or replace body sets: name, external id, members.
pub fn group_input(body: &Value) -> Result<(String, String, Vec<String>), ScimError> {
    if !body.is_object() {
        return Err(ScimError::invalid_syntax("The body must be a JSON object"));
    }
    let name = text(body, "displayName")?;
    if name.is_empty() {
        return Err(ScimError::invalid_value("displayName is required"));
    }
    Ok((
        name,
        text(body, "externalId")?,
        member_ids(member(body, "members"))?,
    ))
}

/// A member id named by a value filter (`members[value eq "id"]`).
pub fn filtered_member(filter: &Filter) -> Option<String> {
    match filter {
        Filter::Compare(path, CompareOp::Eq, Value::String(id))
            if path.attr == "value" && path.sub.is_none() =>
        {
            Some(id.clone())
        }
        _ => None,
    }
}

/// Keeps the attributes a request asked for (`attributes=`) or drops those it excluded
/// (`excludedAttributes=`); `id` and `schemas` always stay.
pub fn project(resource: &mut Value, attributes: &[String], excluded: &[String]) {
    let Some(object) = resource.as_object_mut() else {
        return;
    };
    let top = |name: &str| -> String {
        let name = name.trim().to_ascii_lowercase();
        let name = match name.rsplit_once(':') {
            Some((_, attr)) if name.starts_with("urn:") => attr.to_owned(),
            _ => name,
        };
        name.split('.').next().unwrap_or_default().to_owned()
    };
    let attributes: Vec<String> = attributes.iter().map(|a| top(a)).collect();
    let excluded: Vec<String> = excluded.iter().map(|a| top(a)).collect();
    object.retain(|key, _| {
        let key = key.to_ascii_lowercase();
        if key == "id" || key == "schemas" {
            return true;
        }
        (attributes.is_empty() || attributes.contains(&key)) && !excluded.contains(&key)
    });
}

#[cfg(test)]
mod tests {
    #![expect(clippy::expect_used, reason = "tests fail by panicking")]
    use super::*;
    use tenantkit_wire::UserId;

    fn ada() -> Value {
        let row = ScimUserRow {
            id: UserId::new("U1"),
            user: ScimUser {
                user_name: "ada@acme.test".into(),
                external_id: "okta-1".into(),
                name: "Ada Lovelace".into(),
                given_name: "Ada".into(),
                middle_name: String::new(),
                family_name: "Lovelace".into(),
                email: "ada@acme.test".into(),
                phone: String::new(),
                active: true,
            },
            created: 1_700_000_000,
            modified: 1_700_000_000,
        };
        user_json(&row, "https://x/scim/v2/acme")
    }

    fn patched(ops: Value) -> Result<ScimUser, ScimError> {
        let mut user = ada();
        patch_user(&mut user, ops.as_array().expect("a list"))?;
        user_input(&user)
    }

    #[test]
    fn okta_deactivation_and_entra_string_booleans_deactivate() {
        let okta = patched(json!([{"op": "replace", "value": {"active": false}}])).expect("okta");
        assert!(!okta.active);
        let entra =
            patched(json!([{"op": "Replace", "path": "active", "value": "False"}])).expect("entra");
        assert!(!entra.active);
        assert_eq!(entra.user_name, "ada@acme.test");
    }

    #[test]
    fn entra_paths_change_names_and_the_work_email() {
        let input = patched(json!([
            {"op": "Replace", "path": "name.familyName", "value": "Byron"},
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "ada@byron.test"},
            {"op": "Add", "path": "phoneNumbers[type eq \"work\"].value", "value": "+1-555-0100"},
            {"op": "Replace", "path": "title", "value": "ignored"},
            {"op": "Replace", "value": {"name.givenName": "Augusta", "displayName": "Augusta Ada"}},
        ]))
        .expect("applies");
        assert_eq!(input.family_name, "Byron");
        assert_eq!(input.given_name, "Augusta");
        assert_eq!(input.name, "Augusta Ada");
        assert_eq!(input.email, "ada@byron.test");
        assert_eq!(input.phone, "+15550100");
    }

    #[test]
    fn bad_operations_get_the_scim_error_types() {
        let error = patched(json!([{"op": "move", "path": "active"}])).expect_err("bad op");
        assert_eq!(error.scim_type, Some("invalidSyntax"));
        let error = patched(json!([{"op": "remove", "path": "userName"}])).expect_err("mutable");
        assert_eq!(error.scim_type, Some("mutability"));
        let error = patched(json!([{"op": "replace", "path": "active", "value": "maybe"}]))
            .expect_err("not a boolean");
        assert_eq!(error.scim_type, Some("invalidValue"));
        let error = patched(json!([{"op": "remove"}])).expect_err("no target");
        assert_eq!(error.scim_type, Some("noTarget"));
    }

    #[test]
    fn projection_keeps_what_was_asked() {
        let mut user = ada();
        project(&mut user, &["userName".into()], &[]);
        let keys: Vec<&String> = user.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), 3, "{keys:?}");
        let mut user = ada();
        project(
            &mut user,
            &[],
            &[
                "emails".into(),
                "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName".into(),
            ],
        );
        assert!(user.get("emails").is_none() && user.get("name").is_none());
        assert!(user.get("userName").is_some());
    }
}
