//! The CSV import: reading the file (the `csv` crate, record by record), mapping its columns,
//! planning each row against the tenant as it is now (create, update, unchanged, or an error
//! with its reason and column), and applying a planned chunk.
//!
//! The dry run and every batch of the job plan with the same [`Planner`], so what is applied is
//! the plan recomputed at that moment: a row applied once plans as unchanged the next time,
//! which makes a batch that is run again (after a restart) change nothing twice.
//!
//! Rows are read a chunk ([`CHUNK_ROWS`]) at a time, and each chunk's lookups are one query
//! each ([`Db::members_by_login_ids`], [`Db::login_ids_taken`]): memory stays bounded by the
//! input (at most [`MAX_IMPORT_BYTES`]) and the plan.

use crate::capability::{Scope, TenantScope};
use crate::db::Db;
use crate::db::audit::Actor;
use crate::db::user_changes::{AttributeWrite, Change, Profile, RoleOp, UserKey};
use crate::db::users::{NewUser, UserRecord};
use crate::error::{Error, Result};
use crate::state::AppState;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tenantkit_wire::jobs::{
    ColumnMapping, ImportPlanResponse, ImportRequest, LIST_SEPARATOR, MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS, RowOutcome, RowResult, field,
};
use tenantkit_wire::user_ops::{CreateUserRequest, CustomAttribute, attribute_type};
use tenantkit_wire::{LoginId, TenantId, UserId, UserStatus, validate};

/// Rows planned together (one lookup query each per chunk).
pub const CHUNK_ROWS: usize = 500;

/// One data row of the file: its line (the header is line 1) and its cells.
pub type Record = (u64, csv::StringRecord);

/// Refuses a file over [`MAX_IMPORT_BYTES`] (413).
pub fn check_size(text: &str) -> Result<()> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Error::TooLarge(format!(
            "The CSV is {} bytes: an import reads at most {MAX_IMPORT_BYTES} bytes (split the file)",
            text.len()
        )));
    }
    Ok(())
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
}

/// The file's data rows, in order; a row the reader cannot read ends the file with a 400.
pub fn records(text: &str) -> impl Iterator<Item = Result<Record>> + '_ {
    reader(text).into_records().map(|record| {
        let record = record
            .map_err(|error| Error::InvalidArguments(format!("The CSV cannot be read: {error}")))?;
        let line = record.position().map_or(0, csv::Position::line);
        Ok((line, record))
    })
}

/// The number of data rows, refusing more than [`MAX_IMPORT_ROWS`] (413).
pub fn count_rows(text: &str) -> Result<u64> {
    let mut rows = 0_u64;
    for record in records(text) {
        record?;
        rows += 1;
        if rows > MAX_IMPORT_ROWS as u64 {
            return Err(Error::TooLarge(format!(
                "The CSV has more than {MAX_IMPORT_ROWS} rows: an import reads at most \
                 {MAX_IMPORT_ROWS} (split the file)"
            )));
        }
    }
    Ok(rows)
}

/// The header row.
pub fn headers(text: &str) -> Result<Vec<String>> {
    let headers = reader(text)
        .headers()
        .map_err(|error| Error::InvalidArguments(format!("The CSV cannot be read: {error}")))?
        .iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    if headers.iter().all(String::is_empty) {
        return Err(Error::MissingArguments(
            "The CSV is empty: its first row names the columns (loginId, email, ...)".to_owned(),
        ));
    }
    Ok(headers)
}

/// What a header is most likely read as: a fixed field by its usual names, a custom attribute
/// by its name or display name, or nothing.
pub fn guess(header: &str, definitions: &[CustomAttribute]) -> String {
    let key: String = header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let fixed = match key.as_str() {
        "loginid" | "login" | "username" | "user" | "id" => Some(field::LOGIN_ID),
        "email" | "emailaddress" | "mail" => Some(field::EMAIL),
        "phone" | "phonenumber" | "mobile" | "tel" => Some(field::PHONE),
        "name" | "displayname" | "fullname" => Some(field::NAME),
        "givenname" | "firstname" => Some(field::GIVEN_NAME),
        "middlename" => Some(field::MIDDLE_NAME),
        "familyname" | "lastname" | "surname" => Some(field::FAMILY_NAME),
        "roles" | "role" | "rolenames" => Some(field::ROLES),
        _ => None,
    };
    if let Some(fixed) = fixed {
        return fixed.to_owned();
    }
    let bare = header
        .strip_prefix(field::ATTRIBUTE_PREFIX)
        .unwrap_or(header);
    definitions
        .iter()
        .find(|definition| {
            definition.name.eq_ignore_ascii_case(bare)
                || definition.display_name.eq_ignore_ascii_case(bare)
        })
        .map(|definition| format!("{}{}", field::ATTRIBUTE_PREFIX, definition.name))
        .unwrap_or_default()
}

/// What a mapped column fills.
#[derive(Debug, Clone)]
enum Field {
    LoginId,
    Email,
    Phone,
    Name,
    GivenName,
    MiddleName,
    FamilyName,
    Roles,
    Attribute(CustomAttribute),
}

/// The columns of a file and how each is read.
#[derive(Debug, Clone)]
pub struct Columns {
    headers: Vec<String>,
    mapping: Vec<ColumnMapping>,
    fields: Vec<(usize, Field)>,
    login_id: Option<usize>,
}

impl Columns {
    /// Reads `headers` with `requested` (a mapping per header; empty: guessed). A field named
    /// twice, or one that is not a field, is a 400.
    pub fn new(
        headers: Vec<String>,
        requested: &[ColumnMapping],
        definitions: &[CustomAttribute],
    ) -> Result<Self> {
        let mapping: Vec<ColumnMapping> = headers
            .iter()
            .map(|header| ColumnMapping {
                header: header.clone(),
                field: if requested.is_empty() {
                    guess(header, definitions)
                } else {
                    requested
                        .iter()
                        .find(|mapping| &mapping.header == header)
                        .map(|mapping| mapping.field.clone())
                        .unwrap_or_default()
                },
            })
            .collect();
        let mut fields = Vec::new();
        let mut named = BTreeSet::new();
        for (index, mapping) in mapping.iter().enumerate() {
            if mapping.field.is_empty() {
                continue;
            }
            if !named.insert(mapping.field.as_str()) {
                return Err(Error::InvalidArguments(format!(
                    "Two columns are mapped to {}: map each field once",
                    mapping.field
                )));
            }
            fields.push((index, field_of(&mapping.field, definitions)?));
        }
        let login_id = fields
            .iter()
            .find(|(_, field)| matches!(field, Field::LoginId))
            .map(|(index, _)| *index);
        Ok(Self {
            headers,
            mapping,
            fields,
            login_id,
        })
    }

    /// The headers, in order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// How each column is read.
    pub fn mapping(&self) -> &[ColumnMapping] {
        &self.mapping
    }

    /// What is wrong with the mapping as a whole: no login id column.
    pub fn problem(&self) -> Option<String> {
        self.login_id.is_none().then(|| {
            "No column is mapped to loginId: map the column that holds each user's login id"
                .to_owned()
        })
    }

    fn header(&self, index: usize) -> &str {
        self.headers.get(index).map_or("", String::as_str)
    }

    /// The header of the column mapped to `wire_field` (`"email"`, ...), or `""`.
    fn header_of(&self, wire_field: &str) -> &str {
        self.mapping
            .iter()
            .find(|mapping| mapping.field == wire_field)
            .map_or("", |mapping| mapping.header.as_str())
    }
}

fn field_of(name: &str, definitions: &[CustomAttribute]) -> Result<Field> {
    Ok(match name {
        field::LOGIN_ID => Field::LoginId,
        field::EMAIL => Field::Email,
        field::PHONE => Field::Phone,
        field::NAME => Field::Name,
        field::GIVEN_NAME => Field::GivenName,
        field::MIDDLE_NAME => Field::MiddleName,
        field::FAMILY_NAME => Field::FamilyName,
        field::ROLES => Field::Roles,
        other => {
            let definition = other
                .strip_prefix(field::ATTRIBUTE_PREFIX)
                .and_then(|name| definitions.iter().find(|d| d.name == name));
            match definition {
                Some(definition) => Field::Attribute(definition.clone()),
                None => {
                    return Err(Error::InvalidArguments(format!(
                        "{other:?} is not a field an import fills: use one of {}, or \
                         {}<name> of a custom attribute",
                        field::ALL.join(", "),
                        field::ATTRIBUTE_PREFIX
                    )));
                }
            }
        }
    })
}

/// A cell's text as the value of a custom attribute of `definition`'s type.
fn attribute_value(definition: &CustomAttribute, text: &str) -> std::result::Result<Value, String> {
    let value = match definition.kind {
        attribute_type::NUMERIC => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(text.to_owned())),
        attribute_type::BOOLEAN => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        attribute_type::DATE => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_owned())),
        attribute_type::ARRAY => {
            Value::Array(split_list(text).into_iter().map(Value::String).collect())
        }
        _ => Value::String(text.to_owned()),
    };
    validate::custom_attribute_value(definition, &value).map(|()| value)
}

fn split_list(text: &str) -> Vec<String> {
    text.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a planned row does when applied.
#[derive(Debug, Clone)]
pub enum Action {
    /// Nothing (unchanged, or refused).
    Nothing,
    /// Create this user.
    Create(Box<NewUser>),
    /// Apply these changes to the user.
    Update(UserId, Vec<Change>),
}

/// A row's plan: its result as the dry run shows it, and what applying it does.
#[derive(Debug, Clone)]
pub struct Planned {
    /// What the row would do.
    pub result: RowResult,
    /// How.
    pub action: Action,
}

/// The cells of a row that say something (mapped and not empty).
#[derive(Debug, Default)]
struct Values {
    profile: Vec<(&'static str, String)>,
    roles: Option<Vec<String>>,
    attributes: Map<String, Value>,
}

/// A refusal of a row: the column's header and the reason.
type Refusal = (String, String);

/// Plans rows against the tenant as it is now, for one import (dry run or job).
#[derive(Debug)]
pub struct Planner {
    columns: Columns,
    tenant: TenantId,
    caller: Option<UserId>,
    /// Every role the tenant's users may hold, with its permissions.
    roles: BTreeMap<String, BTreeSet<String>>,
    /// What the caller holds (`None`: a management key, not restricted).
    held: Option<BTreeSet<String>>,
    /// Login ids (lowercased) of the rows planned so far, with their line.
    seen: HashMap<String, u64>,
}

impl Planner {
    /// A planner for `columns` in the scope's tenant.
    pub async fn new(db: &Db, scope: &TenantScope, columns: Columns) -> Result<Self> {
        Ok(Self {
            roles: db.tenant_role_permissions(scope).await?,
            held: db.caller_permissions(scope).await?,
            tenant: scope.tenant_id().clone(),
            caller: scope.caller().cloned(),
            columns,
            seen: HashMap::new(),
        })
    }

    /// The columns.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// Notes the login id of a row handled earlier (a resumed job skips those rows but still
    /// refuses a later row that repeats one).
    pub fn remember(&mut self, (line, record): &Record) {
        if let Some(login_id) = self.login_id(record) {
            self.seen.entry(login_id.to_lowercase()).or_insert(*line);
        }
    }

    fn login_id<'a>(&self, record: &'a csv::StringRecord) -> Option<&'a str> {
        self.columns
            .login_id
            .and_then(|index| record.get(index))
            .filter(|text| !text.is_empty())
    }

    /// The plan of `chunk` (rows in file order), reading the tenant's users it names in one
    /// query each.
    pub async fn plan(&mut self, db: &Db, scope: &Scope, chunk: &[Record]) -> Result<Vec<Planned>> {
        let login_ids: Vec<String> = chunk
            .iter()
            .filter_map(|(_, record)| self.login_id(record).map(str::to_owned))
            .collect();
        let members = db.members_by_login_ids(scope, &login_ids).await?;
        let taken = db.login_ids_taken(&login_ids).await?;
        let mut planned = Vec::with_capacity(chunk.len());
        for (line, record) in chunk {
            let login_id = self.login_id(record).unwrap_or_default().to_owned();
            let key = login_id.to_lowercase();
            let outcome = self.plan_row(
                &login_id,
                &key,
                record,
                members.get(&key),
                taken.contains(&key),
            );
            if !login_id.is_empty() {
                self.seen.entry(key).or_insert(*line);
            }
            planned.push(match outcome {
                Ok((outcome, reason, action)) => Planned {
                    result: RowResult {
                        row: *line,
                        login_id,
                        outcome,
                        column: String::new(),
                        reason,
                    },
                    action,
                },
                Err((column, reason)) => Planned {
                    result: RowResult {
                        row: *line,
                        login_id,
                        outcome: RowOutcome::Error,
                        column,
                        reason,
                    },
                    action: Action::Nothing,
                },
            });
        }
        Ok(planned)
    }

    /// One row: `(outcome, what changes, action)` or a refusal.
    fn plan_row(
        &self,
        login_id: &str,
        key: &str,
        record: &csv::StringRecord,
        member: Option<&UserRecord>,
        taken: bool,
    ) -> std::result::Result<(RowOutcome, String, Action), Refusal> {
        let login_header = || self.columns.header_of(field::LOGIN_ID).to_owned();
        if login_id.is_empty() {
            return Err((login_header(), "The login id is empty".to_owned()));
        }
        if let Some(line) = self.seen.get(key) {
            return Err((
                login_header(),
                format!("{login_id} is on line {line} already: one row per user"),
            ));
        }
        let values = self.values(record)?;
        self.validate(login_id, &values)?;
        match member {
            None if taken => Err((
                login_header(),
                format!("{login_id} is the login id of a user outside this tenant"),
            )),
            None => {
                let roles = values.roles.clone().unwrap_or_default();
                self.check_grantable(&roles)?;
                Ok((
                    RowOutcome::Create,
                    String::new(),
                    Action::Create(Box::new(self.new_user(login_id, values, roles))),
                ))
            }
            Some(member) => self.plan_update(member, values),
        }
    }

    /// The mapped, non-empty cells of `record`, each read as its field.
    fn values(&self, record: &csv::StringRecord) -> std::result::Result<Values, Refusal> {
        let mut values = Values::default();
        for (index, field) in &self.columns.fields {
            let text = record.get(*index).unwrap_or_default();
            if text.is_empty() {
                continue;
            }
            let wire = match field {
                Field::LoginId => continue,
                Field::Email => field::EMAIL,
                Field::Phone => field::PHONE,
                Field::Name => field::NAME,
                Field::GivenName => field::GIVEN_NAME,
                Field::MiddleName => field::MIDDLE_NAME,
                Field::FamilyName => field::FAMILY_NAME,
                Field::Roles => {
                    values.roles = Some(split_list(text));
                    continue;
                }
                Field::Attribute(definition) => {
                    let value = attribute_value(definition, text)
                        .map_err(|reason| (self.columns.header(*index).to_owned(), reason))?;
                    values.attributes.insert(definition.name.clone(), value);
                    continue;
                }
            };
            let text = if wire == field::PHONE {
                validate::normalize_phone(text)
            } else {
                text.to_owned()
            };
            values.profile.push((wire, text));
        }
        Ok(values)
    }

    /// The shared validation rules of a user (the widget's form runs them too).
    fn validate(&self, login_id: &str, values: &Values) -> std::result::Result<(), Refusal> {
        let get = |wire: &str| {
            values
                .profile
                .iter()
                .find(|(name, _)| *name == wire)
                .map(|(_, text)| text.clone())
                .unwrap_or_default()
        };
        let request = CreateUserRequest {
            login_id: LoginId::new(login_id),
            email: get(field::EMAIL),
            phone: get(field::PHONE),
            name: get(field::NAME),
            given_name: get(field::GIVEN_NAME),
            middle_name: get(field::MIDDLE_NAME),
            family_name: get(field::FAMILY_NAME),
            ..CreateUserRequest::default()
        };
        match request.validate().into_iter().next() {
            Some(error) => Err((
                self.columns.header_of(error.field).to_owned(),
                error.message,
            )),
            None => Ok(()),
        }
    }

    /// Refuses roles the tenant does not have, or that carry a permission the caller does not
    /// hold ("you can only delegate what you have").
    fn check_grantable(&self, roles: &[String]) -> std::result::Result<(), Refusal> {
        let header = || self.columns.header_of(field::ROLES).to_owned();
        for role in roles {
            let Some(permissions) = self.roles.get(role) else {
                return Err((
                    header(),
                    format!("Tenant {} has no role {role}", self.tenant),
                ));
            };
            if let Some(held) = &self.held {
                let missing: Vec<&str> = permissions
                    .iter()
                    .filter(|permission| !held.contains(*permission))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err((
                        header(),
                        format!(
                            "You cannot grant or take away {role}: it carries {}, which you do \
                             not hold in tenant {}",
                            missing.join(", "),
                            self.tenant
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn new_user(&self, login_id: &str, values: Values, roles: Vec<String>) -> NewUser {
        let mut user = NewUser {
            login_id: LoginId::new(login_id),
            custom_attributes: values.attributes,
            status: UserStatus::Enabled,
            tenants: vec![(self.tenant.clone(), roles)],
            ..NewUser::default()
        };
        for (wire, text) in values.profile {
            *profile_slot(&mut user, wire) = text;
        }
        user
    }

    /// An existing member: what differs, if anything, and whether the admin may change it.
    fn plan_update(
        &self,
        member: &UserRecord,
        values: Values,
    ) -> std::result::Result<(RowOutcome, String, Action), Refusal> {
        let mut changed: Vec<&str> = Vec::new();
        let mut profile = Profile::default();
        for (wire, text) in values.profile {
            if current_profile(member, wire) != text {
                changed.push(wire);
                set_profile(&mut profile, wire, text);
            }
        }
        let attributes: Map<String, Value> = values
            .attributes
            .into_iter()
            .filter(|(name, value)| member.custom_attributes.get(name) != Some(value))
            .collect();
        let attribute_headers: Vec<String> = attributes
            .keys()
            .map(|name| format!("{}{name}", field::ATTRIBUTE_PREFIX))
            .collect();
        if !attributes.is_empty() {
            profile.custom_attributes = Some((attributes, AttributeWrite::Merge));
        }
        let held_now: BTreeSet<&String> = member
            .tenants
            .iter()
            .flat_map(|membership| &membership.role_names)
            .collect();
        let role_change = values
            .roles
            .filter(|roles| roles.iter().collect::<BTreeSet<_>>() != held_now);
        if changed.is_empty() && attribute_headers.is_empty() && role_change.is_none() {
            return Ok((RowOutcome::Unchanged, String::new(), Action::Nothing));
        }
        let touches_account = !profile.is_empty();
        if touches_account && member.shared {
            let column = changed
                .first()
                .map(|wire| self.columns.header_of(wire).to_owned())
                .or_else(|| {
                    attribute_headers
                        .first()
                        .map(|f| self.columns.header_of(f).to_owned())
                })
                .unwrap_or_default();
            return Err((
                column,
                "This user also belongs to other tenants: only their roles here can change"
                    .to_owned(),
            ));
        }
        let mut changes = Vec::new();
        if touches_account {
            changes.push(Change::Profile(profile));
        }
        if let Some(roles) = role_change {
            if self.caller.as_ref() == Some(&member.id) {
                return Err((
                    self.columns.header_of(field::ROLES).to_owned(),
                    "An import does not change your own roles".to_owned(),
                ));
            }
            let before: BTreeSet<&String> = roles.iter().collect();
            let differing: Vec<String> = before
                .symmetric_difference(&held_now)
                .map(|role| (*role).clone())
                .collect();
            self.check_grantable(&differing)?;
            changed.push(field::ROLES);
            changes.push(Change::Roles {
                op: RoleOp::Set,
                tenant: self.tenant.clone(),
                names: roles,
            });
        }
        let mut reason: Vec<String> = changed.iter().map(|wire| (*wire).to_owned()).collect();
        reason.extend(attribute_headers);
        Ok((
            RowOutcome::Update,
            reason.join(", "),
            Action::Update(member.id.clone(), changes),
        ))
    }
}

fn profile_slot<'a>(user: &'a mut NewUser, wire: &str) -> &'a mut String {
    match wire {
        field::EMAIL => &mut user.email,
        field::PHONE => &mut user.phone,
        field::GIVEN_NAME => &mut user.given_name,
        field::MIDDLE_NAME => &mut user.middle_name,
        field::FAMILY_NAME => &mut user.family_name,
        _ => &mut user.name,
    }
}

fn current_profile<'a>(member: &'a UserRecord, wire: &str) -> &'a str {
    match wire {
        field::EMAIL => &member.email,
        field::PHONE => &member.phone,
        field::GIVEN_NAME => &member.given_name,
        field::MIDDLE_NAME => &member.middle_name,
        field::FAMILY_NAME => &member.family_name,
        _ => &member.name,
    }
}

fn set_profile(profile: &mut Profile, wire: &str, text: String) {
    let slot = match wire {
        field::EMAIL => &mut profile.email,
        field::PHONE => &mut profile.phone,
        field::GIVEN_NAME => &mut profile.given_name,
        field::MIDDLE_NAME => &mut profile.middle_name,
        field::FAMILY_NAME => &mut profile.family_name,
        _ => &mut profile.name,
    };
    *slot = Some(text);
}

/// The file of `request` with its columns read (the request's mapping, or guessed).
pub async fn columns(state: &AppState, request: &ImportRequest) -> Result<Columns> {
    check_size(&request.csv)?;
    let definitions = state
        .db()
        .attribute_definitions(crate::db::attributes::AttributeOwner::Users)
        .await?;
    Columns::new(headers(&request.csv)?, &request.mapping, &definitions)
}

/// The dry run: every row's plan, nothing written.
pub async fn dry_run(
    state: &AppState,
    scope: &TenantScope,
    request: &ImportRequest,
) -> Result<ImportPlanResponse> {
    if request.csv.trim().is_empty() {
        return Ok(ImportPlanResponse::default());
    }
    let columns = columns(state, request).await?;
    count_rows(&request.csv)?;
    let mut response = ImportPlanResponse {
        headers: columns.headers().to_vec(),
        mapping: columns.mapping().to_vec(),
        problem: columns.problem().unwrap_or_default(),
        ..ImportPlanResponse::default()
    };
    if !response.problem.is_empty() {
        return Ok(response);
    }
    let mut planner = Planner::new(state.db(), scope, columns).await?;
    let view = scope.to_scope();
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let mut rows = records(&request.csv).peekable();
    while let Some(record) = rows.next() {
        chunk.push(record?);
        if chunk.len() == CHUNK_ROWS || rows.peek().is_none() {
            for planned in planner.plan(state.db(), &view, &chunk).await? {
                response.counts.add(planned.result.outcome);
                response.rows.push(planned.result);
            }
            chunk.clear();
        }
    }
    Ok(response)
}

/// Keeps what a stopped run did: a row whose plan was recorded before it was applied
/// (`recorded`, by row: create or update) and that plans as unchanged now was applied by that
/// run, and its result says so.
pub fn keep_recorded(planned: &mut [Planned], recorded: &HashMap<u64, (RowOutcome, String)>) {
    for planned in planned {
        let result = &mut planned.result;
        if result.outcome != RowOutcome::Unchanged {
            continue;
        }
        if let Some((outcome, reason)) = recorded.get(&result.row) {
            result.outcome = *outcome;
            result.reason.clone_from(reason);
        }
    }
}

/// Applies a planned chunk: its new users in one transaction (each refused alone, as a batch
/// create does), then each update in its own. Returns each row's result; a server-side failure
/// fails the whole chunk.
pub async fn apply(
    state: &AppState,
    scope: &TenantScope,
    actor: &Actor,
    planned: Vec<Planned>,
) -> Result<Vec<RowResult>> {
    let view = scope.to_scope();
    let creates: Vec<(NewUser, Option<crate::db::user_changes::NewInvitation>)> = planned
        .iter()
        .filter_map(|planned| match &planned.action {
            Action::Create(user) => Some(((**user).clone(), None)),
            _ => None,
        })
        .collect();
    let mut created = state
        .db()
        .create_users(&view, actor, &creates, state.now_ms())
        .await?
        .into_iter();
    let mut results = Vec::with_capacity(planned.len());
    for Planned { mut result, action } in planned {
        let outcome = match action {
            Action::Nothing => Ok(()),
            Action::Create(_) => created
                .next()
                .unwrap_or_else(|| Err(Error::internal("a created row went missing")))
                .map(|_| ()),
            Action::Update(id, changes) => update(state, &view, actor, &id, &changes).await,
        };
        if let Err(error) = outcome {
            if error.status_and_code().0.is_server_error() {
                return Err(error);
            }
            result.outcome = RowOutcome::Error;
            result.reason = error.to_string();
        }
        results.push(result);
    }
    Ok(results)
}

async fn update(
    state: &AppState,
    scope: &Scope,
    actor: &Actor,
    id: &UserId,
    changes: &[Change],
) -> Result<()> {
    let target = state.db().target(scope, UserKey::UserId(id)).await?;
    state
        .db()
        .change_user(scope, actor, &target, changes, state.now_ms())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_headers_are_guessed() {
        let plan = CustomAttribute {
            name: "plan".to_owned(),
            display_name: "Plan".to_owned(),
            kind: attribute_type::TEXT,
            ..CustomAttribute::default()
        };
        let definitions = [plan];
        for (header, expected) in [
            ("Email Address", "email"),
            ("First name", "givenName"),
            ("Last_Name", "familyName"),
            ("login id", "loginId"),
            ("Role", "roles"),
            ("Plan", "customAttributes.plan"),
            ("customAttributes.plan", "customAttributes.plan"),
            ("Shoe size", ""),
        ] {
            assert_eq!(guess(header, &definitions), expected, "{header}");
        }
    }

    #[test]
    fn a_field_mapped_twice_or_unknown_is_refused() {
        let headers = vec!["a".to_owned(), "b".to_owned()];
        let twice = [
            ColumnMapping {
                header: "a".to_owned(),
                field: "email".to_owned(),
            },
            ColumnMapping {
                header: "b".to_owned(),
                field: "email".to_owned(),
            },
        ];
        assert!(Columns::new(headers.clone(), &twice, &[]).is_err());
        let unknown = [ColumnMapping {
            header: "a".to_owned(),
            field: "shoe".to_owned(),
        }];
        assert!(Columns::new(headers.clone(), &unknown, &[]).is_err());
        let columns = Columns::new(headers, &[], &[]).map_err(|e| e.to_string());
        assert!(columns.is_ok_and(|columns| columns.problem().is_some()));
    }

    #[test]
    fn rows_are_counted_and_bounded() {
        let text = "loginId\n\"a,b\"\nc\n";
        assert_eq!(count_rows(text).ok(), Some(2));
        let lines: Vec<u64> = records(text)
            .filter_map(|r| r.ok())
            .map(|(line, _)| line)
            .collect();
        assert_eq!(lines, vec![2, 3]);
        let many = format!("loginId\n{}", "x\n".repeat(MAX_IMPORT_ROWS + 1));
        assert!(count_rows(&many).is_err());
    }
}
