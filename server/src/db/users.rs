//! Storage of users: search, loading with login ids, tenants and roles, the facts the
//! authorization checks need, and batched inserts.
//!
//! Loading a page of users costs four queries whatever the page size: the page, then its login
//! ids, tenant memberships and roles, each with one `IN` list. The total costs one more: read
//! from the maintained counts (`user_counts`, migration 0012, and per status
//! `user_status_counts`, migration 0110) when the search names only its tenant and statuses,
//! otherwise counted up to [`TOTAL_CAP`] matches.

use super::reader::Readers;
use super::{Backend, Db, Param, Sql, Tx, flag, fold_grants, like_escape, new_id};
use crate::capability::{Myself, ProjectWide, Scope};
use crate::error::{Error, Result};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::user::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, TOTAL_CAP};
use tenantkit_wire::{
    LoginId, SortField, TenantGrants, TenantId, User, UserId, UserSearchRequest, UserStatus,
    UserTenant,
};

/// Ends every session of user `$1`: tokens carry the epoch they were issued in, and only the
/// current one stands.
pub(crate) const END_SESSIONS: &str =
    "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1";

/// Largest number of rows in one multi-row `INSERT`, well under both backends' parameter limits.
const INSERT_BATCH: usize = 50;

pub(crate) const USER_COLUMNS: &str = "u.id, u.name, u.given_name, u.middle_name, u.family_name, u.email, \
    u.phone, u.verified_email, u.verified_phone, u.status, u.custom_attributes, u.picture, \
    u.created, u.test, u.totp, u.webauthn, \
    CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password";

/// A user's membership in one tenant, with the roles held there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The tenant.
    pub tenant_id: TenantId,
    /// Its display name.
    pub tenant_name: String,
    /// Roles held in the tenant.
    pub role_names: Vec<String>,
}

/// A user with everything the wire user object shows. In a tenant scope, `tenants` holds only
/// that tenant and `project_roles` is empty: other tenants' data never leaves storage.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// Immutable id.
    pub id: UserId,
    /// Login ids, sorted.
    pub login_ids: Vec<LoginId>,
    /// Display name.
    pub name: String,
    /// Given name.
    pub given_name: String,
    /// Middle name.
    pub middle_name: String,
    /// Family name.
    pub family_name: String,
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Email verified.
    pub verified_email: bool,
    /// Phone verified.
    pub verified_phone: bool,
    /// Status.
    pub status: UserStatus,
    /// Custom attributes.
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Picture URL.
    pub picture: String,
    /// Created, epoch seconds.
    pub created: i64,
    /// Test user.
    pub test: bool,
    /// Has a password.
    pub has_password: bool,
    /// Has a TOTP authenticator.
    pub totp: bool,
    /// Has passkeys.
    pub webauthn: bool,
    /// Tenant memberships (in a tenant scope: only that tenant).
    pub tenants: Vec<Membership>,
    /// Project-level roles (in a tenant scope: none).
    pub project_roles: Vec<String>,
    /// In a tenant scope: the user also belongs to other tenants (which ones stays in storage).
    /// Their account is then not that tenant's to change. Always false in the project scope.
    pub shared: bool,
}

impl UserRecord {
    /// The wire user object. `tenant_view` is `Some((tenant, caller))` in widget mode: the
    /// top-level `roleNames` become the roles in that tenant, and `editable` and
    /// `membershipEditable` say what the admin may change (the rules of
    /// `user_changes::check_allowed`).
    pub fn into_wire(self, tenant_view: Option<(&TenantId, Option<&UserId>)>) -> User {
        let (role_names, editable, membership_editable) = match tenant_view {
            Some((tenant, caller)) => {
                let is_caller = caller == Some(&self.id);
                (
                    self.tenants
                        .iter()
                        .find(|membership| &membership.tenant_id == tenant)
                        .map(|membership| membership.role_names.clone())
                        .unwrap_or_default(),
                    Some(!is_caller && !self.shared),
                    Some(!is_caller),
                )
            }
            None => (self.project_roles, None, None),
        };
        User {
            user_id: self.id,
            login_ids: self.login_ids,
            name: self.name,
            given_name: self.given_name,
            middle_name: self.middle_name,
            family_name: self.family_name,
            email: self.email,
            phone: self.phone,
            verified_email: self.verified_email,
            verified_phone: self.verified_phone,
            role_names,
            user_tenants: self
                .tenants
                .into_iter()
                .map(|membership| UserTenant {
                    tenant_id: membership.tenant_id,
                    tenant_name: membership.tenant_name,
                    role_names: membership.role_names,
                })
                .collect(),
            status: self.status,
            custom_attributes: self.custom_attributes,
            picture: self.picture,
            created_time: self.created,
            test: self.test,
            password: self.has_password,
            totp: self.totp,
            webauthn: self.webauthn,
            editable,
            membership_editable,
            ..User::default()
        }
    }
}

/// One page of a user search.
#[derive(Debug, Clone, PartialEq)]
pub struct UserPage {
    /// The users of the page, in order.
    pub users: Vec<UserRecord>,
    /// How many users match across all pages; [`TOTAL_CAP`] when `total_capped`.
    pub total: u64,
    /// More than [`TOTAL_CAP`] users match a filtered search: `total` is a lower bound.
    pub total_capped: bool,
}

/// What a password sign-in needs to know about a login id.
#[derive(Clone)]
pub struct Credentials {
    /// The user.
    pub user_id: UserId,
    /// The argon2id PHC string, if the user has a password.
    pub password_hash: Option<String>,
    /// The password must be replaced before the next sign-in (expired or temporary).
    pub password_expired: bool,
    /// Status: only enabled users sign in.
    pub status: UserStatus,
    /// 0 until the first sign-in.
    pub last_login: i64,
    /// The session epoch the tokens of this sign-in carry.
    pub session_epoch: i64,
    /// When the password was set, epoch seconds (0: unknown).
    pub password_changed: i64,
    /// Locked by failed sign-ins (the password policy's lock) until a password reset.
    pub locked: bool,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user_id", &self.user_id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// What decides whether a verified token still stands for an active session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFacts {
    /// Status: only enabled users have sessions.
    pub status: UserStatus,
    /// The current session epoch: tokens carrying an earlier one were revoked.
    pub session_epoch: i64,
}

/// Whether a user belongs to a tenant and holds a permission there, read from current state,
/// with the user's session facts read in the same query (`None`: no such user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantAccess {
    /// Status and session epoch of the user, as [`Db::session_facts`] reads them.
    pub session: Option<SessionFacts>,
    /// Member of the tenant.
    pub member: bool,
    /// Holds a role in the tenant that grants the permission.
    pub granted: bool,
    /// The tenant is disabled: nobody acts in it with a user's token.
    pub disabled: bool,
}

/// A user's grants, as the JWT claims carry them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserGrants {
    /// Per tenant, in membership order (the first is the default current tenant).
    pub tenants: Vec<(TenantId, TenantGrants)>,
    /// Project-level roles and permissions.
    pub project: TenantGrants,
}

/// A user to insert.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// The login id (unique regardless of case).
    pub login_id: LoginId,
    /// Display name.
    pub name: String,
    /// Given name.
    pub given_name: String,
    /// Middle name.
    pub middle_name: String,
    /// Family name.
    pub family_name: String,
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Email verified.
    pub verified_email: bool,
    /// Phone verified.
    pub verified_phone: bool,
    /// Picture URL.
    pub picture: String,
    /// Custom attribute values (checked against the definitions by the caller).
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Further login ids besides `login_id`.
    pub additional_login_ids: Vec<LoginId>,
    /// Has a TOTP authenticator (demo data; real enrolment is not part of this server yet).
    pub totp: bool,
    /// Has passkeys (demo data, as `totp`).
    pub webauthn: bool,
    /// Status.
    pub status: UserStatus,
    /// Test user.
    pub test: bool,
    /// argon2id PHC string (made by `auth::password`).
    pub password_hash: Option<String>,
    /// Tenant memberships with the role names held in each (tenant roles first, then project
    /// roles of that name).
    pub tenants: Vec<(TenantId, Vec<String>)>,
    /// Project-level role names.
    pub project_roles: Vec<String>,
    /// Created, epoch seconds; `None` = now.
    pub created: Option<i64>,
}

/// A sort key of the user search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Name,
    Email,
    Phone,
    Status,
    Created,
    LoginId,
}

impl SortKey {
    fn parse(field: &str) -> Result<Self> {
        match field {
            "name" | "displayName" => Ok(Self::Name),
            "email" => Ok(Self::Email),
            "phone" => Ok(Self::Phone),
            "status" => Ok(Self::Status),
            "createdTime" => Ok(Self::Created),
            "loginIds" | "loginId" => Ok(Self::LoginId),
            other => Err(Error::InvalidArguments(format!(
                "Cannot sort users by {other:?}: use name, email, phone, status, createdTime or loginIds"
            ))),
        }
    }

    fn expression(self, collate: &str) -> String {
        match self {
            Self::Name => format!("LOWER(u.name){collate}"),
            Self::Email => format!("LOWER(u.email){collate}"),
            Self::Phone => format!("u.phone{collate}"),
            Self::Status => format!("u.status{collate}"),
            Self::Created => "u.created".to_owned(),
            // The smallest lower-cased login id, kept on the row by triggers (migration 0109).
            Self::LoginId => format!("u.login_order{collate}"),
        }
    }
}

/// One key of a page's order: an expression over the user `u`, and its direction.
struct OrderKey {
    expression: String,
    desc: bool,
}

impl OrderKey {
    fn direction(&self) -> &'static str {
        if self.desc { "DESC" } else { "ASC" }
    }
}

/// The keys of a search's `sort`, by name when it names none, then the id, which makes the order
/// total so that pages neither repeat nor skip users.
fn order_keys(sort: &[SortField], collate: &str) -> Result<Vec<OrderKey>> {
    let mut keys = Vec::with_capacity(sort.len() + 2);
    for field in sort {
        keys.push(OrderKey {
            expression: SortKey::parse(&field.field)?.expression(collate),
            desc: field.desc,
        });
    }
    if keys.is_empty() {
        keys.push(OrderKey {
            expression: SortKey::Name.expression(collate),
            desc: false,
        });
    }
    keys.push(OrderKey {
        expression: format!("u.id{collate}"),
        desc: false,
    });
    Ok(keys)
}

/// `keys` as an `ORDER BY` list, each key written by `key` (its index and itself).
fn order_list(keys: &[OrderKey], key: impl Fn(usize, &OrderKey) -> String) -> String {
    keys.iter()
        .enumerate()
        .map(|(index, order)| format!("{} {}", key(index, order), order.direction()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Db {
    /// One page of users matching `request`, confined to `scope`.
    ///
    /// In a tenant scope the tenant replaces the request's `tenantIds` (a request naming only
    /// other tenants matches nobody), `roleNames` match roles held in that tenant, and each
    /// user's memberships and roles are read for that tenant only.
    pub async fn search_users(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
    ) -> Result<UserPage> {
        // Attribute names are definition names (letters, digits, `_`); they go into a JSON path.
        if let Some(bad) = request.custom_attributes.keys().find(|name| {
            name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }) {
            return Err(Error::InvalidArguments(format!(
                "{bad:?} is not a custom attribute name"
            )));
        }
        let keys = order_keys(&request.sort, self.collate())?;
        if scope.tenant_id().is_some_and(|tenant| {
            !request.tenant_ids.is_empty() && !request.tenant_ids.contains(tenant)
        }) {
            // A tenant admin who asks for other tenants only finds no one there.
            return Ok(UserPage {
                users: Vec::new(),
                total: 0,
                total_capped: false,
            });
        }
        let limit = match request.limit {
            0 => DEFAULT_PAGE_SIZE,
            limit => limit.min(MAX_PAGE_SIZE),
        };
        let offset = i64::from(request.page) * i64::from(limit);
        let role_ids = self.role_ids(scope, request).await?;
        let role_ids = role_ids.as_deref();
        let word_start = word_start_walk(scope, request);
        let codes = match word_start {
            Some(_) => None,
            None => self.member_codes(scope, request).await?,
        };
        let codes = codes.as_deref();
        if role_ids.is_some_and(<[String]>::is_empty) {
            // Roles nobody can hold in the tenant: nobody matches.
            return Ok(UserPage {
                users: Vec::new(),
                total: 0,
                total_capped: false,
            });
        }

        if offset == 0
            && request.role_names.is_empty()
            && let (Some(tenant), Some((_, desc))) = (
                scope.tenant_id(),
                member_name_order(scope, request, role_ids),
            )
        {
            // A tenant's first page in name order (the user widget's list as it opens): the
            // same statement reads its total.
            let first = Window::first(i64::from(limit));
            let page = self
                .member_order_page(scope, request, (None, None), (tenant, desc), &keys, first)
                .await?;
            let (users, total) = self.tenant_page(page, &keys, tenant, Some(request)).await?;
            return Ok(UserPage {
                users,
                total: total.unwrap_or_default(),
                total_capped: false,
            });
        }
        // The page's ids, when the count sorted them already.
        let mut sorted = None;
        let counted = self.counted_total(scope, request, role_ids).await?;
        let word_capped = counted.is_none()
            && word_start.is_none()
            && self.word_holders(scope, request).await? > TOTAL_CAP;
        let (total, total_capped) = match (counted, &word_start) {
            (Some(total), _) => (total, false),
            // A word more of the tenant's members hold than a count counts: not counted.
            (None, None) if word_capped => (TOTAL_CAP, true),
            (None, Some(((tenant, _), start))) => {
                let counted = self
                    .count_word_starts(tenant, start, request, TOTAL_CAP + 1)
                    .await?;
                (counted.min(TOTAL_CAP), counted > TOTAL_CAP)
            }
            // Several tenants: their members overlap, so no count adds up to the total.
            (None, None) if filters_tenants_only(request) => (
                self.count_users(scope, request, role_ids, None, None)
                    .await?,
                false,
            ),
            // A text's matches found once, to count and to sort: on PostgreSQL, and on SQLite
            // in one tenant's trigrams unless sorted by name (the index then lists its page,
            // Db::ranked_text_page: only counted). A word prefix's matches on SQLite cost less
            // to find again than to keep (about 0.1 µs a match against 0.24): counted, then
            // sorted.
            (None, None)
                if (self.backend == Backend::Postgres && !request.text.trim().is_empty())
                    || (tenant_text_match(request, codes)
                        .is_some_and(|(table, _)| table == SQLITE_TRIGRAMS)
                        && name_order_direction(request).is_none()) =>
            {
                let window = Window {
                    offset,
                    ..Window::first(i64::from(limit))
                };
                let (counted, ids) = self
                    .count_and_sort(
                        scope,
                        request,
                        (role_ids, codes),
                        &keys,
                        window,
                        Some(TOTAL_CAP),
                    )
                    .await?;
                if counted <= TOTAL_CAP {
                    sorted = Some(ids);
                }
                (counted.min(TOTAL_CAP), counted > TOTAL_CAP)
            }
            (None, None) => {
                let counted = self
                    .count_users(scope, request, role_ids, codes, Some(TOTAL_CAP + 1))
                    .await?;
                (counted.min(TOTAL_CAP), counted > TOTAL_CAP)
            }
        };

        if total == 0 {
            return Ok(UserPage {
                users: Vec::new(),
                total,
                total_capped,
            });
        }
        let window = Window {
            limit: i64::from(limit),
            offset,
            total,
            exact: !total_capped,
        };
        // A word start walks the tenant's members who have it. A text of one tenant sorted by
        // name reads its page off the text index in name order on SQLite
        // (Db::ranked_text_page); on PostgreSQL, when more members match it than a count
        // counts, off the members' name order (Db::capped_text_page).
        let walk = match (
            member_name_order(scope, request, role_ids),
            &sorted,
            word_start,
        ) {
            (Some(order), _, _) => Some((order, None)),
            (None, _, Some((order, start))) => Some((order, Some(start))),
            (None, _, None) => None,
        };
        if let (None, None, Some(desc)) = (&walk, &sorted, name_order_direction(request)) {
            if let Some(matched) = tenant_text_match(request, codes) {
                sorted = Some(self.ranked_text_page(matched, desc, window).await?);
            } else if let (true, Some(tenant)) = (
                total_capped,
                member_text_tenant(self.backend, scope, request),
            ) {
                sorted = Some(
                    self.capped_text_page(scope, request, &keys, (tenant, desc), window)
                        .await?,
                );
            }
        }
        let page = match (sorted, walk) {
            (Some(ids), _) if ids.is_empty() => {
                return Ok(UserPage {
                    users: Vec::new(),
                    total,
                    total_capped,
                });
            }
            (Some(ids), _) => {
                let mut page = Sql::new("");
                self.push_page_columns(&mut page, scope, &keys);
                page.push(" FROM users u WHERE u.id IN (")
                    .bind_list(ids.iter().map(String::as_str))
                    .push(") ORDER BY ")
                    .push(&order_list(&keys, |_, key| key.expression.clone()));
                page
            }
            // A role few hold: its holders are gathered and sorted instead (page_query).
            (None, Some((order, word_start)))
                if request.role_names.is_empty() || total > FEW_MATCHES =>
            {
                let mut page = self
                    .member_order_page(
                        scope,
                        request,
                        (role_ids, word_start.as_deref()),
                        order,
                        &keys,
                        window,
                    )
                    .await?;
                if scope.tenant_id().is_none() {
                    // Read row by row, so in order; a tenant's page is ordered as one array
                    // (Db::tenant_page), and sorting its rows first cost a sixth of it.
                    page.push(" ORDER BY ")
                        .push(&order_list(&keys, |_, key| key.expression.clone()));
                }
                page
            }
            (None, _) => self.page_query(scope, request, role_ids, codes, &keys, window),
        };
        let users = match scope.tenant_id() {
            Some(tenant) => self.tenant_page(page, &keys, tenant, None).await?.0,
            None => {
                let rows = page.query().fetch_all(&self.pool).await?;
                self.complete_records(&rows, None).await?
            }
        };
        Ok(UserPage {
            users,
            total,
            total_capped,
        })
    }

    /// The users of a tenant-scoped `page` (its columns from [`Db::push_page_columns`], its
    /// order `keys` among them as `k0`, `k1`, ...), read as one row: a JSON array of the users
    /// in the page's order, built by the database. One row instead of one per user spares
    /// the driver a hand-over between its worker thread and the request per user, which was
    /// most of a widget search's time under load.
    ///
    /// With `kept_total` (a search of the tenant by status and test flag at most), the same
    /// statement reads the search's total from the kept counts ([`push_kept_total`]): one
    /// statement for a first page and its total.
    async fn tenant_page(
        &self,
        page: Sql,
        keys: &[OrderKey],
        tenant: &TenantId,
        kept_total: Option<&UserSearchRequest>,
    ) -> Result<(Vec<UserRecord>, Option<u64>)> {
        let order = order_list(keys, |index, _| format!("p.k{index}"));
        // A first page no larger than the default (100) and its total (the user widget's list
        // as it opens): on SQLite, on the request's own thread.
        if let Some(readers) = &self.readers
            && let Some(request) = kept_total.filter(|r| r.limit <= DEFAULT_PAGE_SIZE)
        {
            return first_page_rows(readers, page, &order, tenant, request);
        }
        let (array, aggregate, text) = match self.backend {
            Backend::Sqlite => ("json_array", "json_group_array", ""),
            Backend::Postgres => ("json_build_array", "json_agg", "::text"),
        };
        let fields = PAGE_USER_FIELDS
            .iter()
            .map(|(column, kind)| match (kind, self.backend) {
                (PageField::Plain, _) | (PageField::Flag, Backend::Sqlite) => format!("p.{column}"),
                (PageField::Flag, Backend::Postgres) => format!("CAST(p.{column} AS INTEGER)"),
                (PageField::Json, Backend::Sqlite) => format!("json(p.{column})"),
                (PageField::Json, Backend::Postgres) => format!("CAST(p.{column} AS JSON)"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let total = if kept_total.is_some() {
            "MAX(c.total)"
        } else {
            "NULL"
        };
        let mut page = page.within(
            &format!(
                "SELECT COALESCE({aggregate}({array}({fields}) ORDER BY {order}){text}, '[]') \
                 AS users_json, MAX(p.tenant_name) AS tenant_name, {total} AS total FROM ("
            ),
            ") p",
        );
        if let Some(request) = kept_total {
            // Placeholders are numbered in the order they are written: the total comes after
            // the page. Without a user on the page, the total is 0 (the same snapshot).
            page.push(", (SELECT ");
            push_kept_total(&mut page, tenant.as_str(), request);
            page.push(" AS total) c");
        }
        let row = page.query().fetch_one(&self.pool).await?;
        let users_json: String = row.try_get("users_json")?;
        let tenant_name: Option<String> = row.try_get("tenant_name")?;
        let total: Option<i64> = row.try_get("total")?;
        let users: Vec<PageUser> = serde_json::from_str(&users_json).map_err(Error::internal)?;
        let users = page_records(
            users,
            tenant,
            &tenant_name.unwrap_or_default(),
            self.backend == Backend::Sqlite,
        )?;
        let total =
            kept_total.map(|_| u64::try_from(total.unwrap_or_default()).unwrap_or_default());
        Ok((users, total))
    }

    /// A page of a tenant's users in name order, filtered by status, test flag and (in the
    /// tenant's scope) the roles `role_ids` at most ([`member_name_order`]), or by a
    /// `word_start` ([`word_start_walk`]): the page's ids are read off the members' name order
    /// (migration 0124; for a word start, the order of the members who have it, 0128), skipping
    /// index entries rather than users, then their users are read, in no order (a caller that
    /// reads the rows orders them). A page past the middle walks that order from its end when
    /// the total is exact, so the last page costs what the first does; a page deep in the
    /// members of any name starts at its name start ([`Db::name_start_skip`]).
    async fn member_order_page(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        (role_ids, word_start): (Option<&[String]>, Option<&str>),
        (tenant, desc): (&TenantId, bool),
        keys: &[OrderKey],
        window: Window,
    ) -> Result<Sql> {
        let (limit, mut offset, reversed) = window.nearer_end();
        // Deep in the members of any name, the walk starts where the counts of the names'
        // starts say its page lies.
        let skip = match (role_ids, word_start) {
            (None, None) if request.statuses.is_empty() && offset >= NAME_START_SKIP => {
                self.name_start_skip(tenant, request, desc != reversed, offset)
                    .await?
            }
            _ => None,
        };
        let index = if desc {
            "user_tenants_name_order_desc"
        } else {
            "user_tenants_name_order"
        };
        let collate = self.collate();
        let direction = |descending: bool| {
            if descending != reversed {
                "DESC"
            } else {
                "ASC"
            }
        };
        let mut sql = Sql::new("");
        self.push_page_columns(&mut sql, scope, keys);
        sql.push(" FROM users u WHERE u.id IN (SELECT ut.user_id FROM ");
        if let Some(start) = word_start {
            sql.push("member_word_starts ut WHERE ut.word_start = ")
                .bind(start)
                .push(" AND");
        } else {
            sql.push("user_tenants ut");
            if self.backend == Backend::Sqlite {
                // Without statistics SQLite may take (tenant, user) and sort every member.
                sql.push(&format!(" INDEXED BY {index}"));
            }
            sql.push(" WHERE");
        }
        sql.push(" ut.tenant_id = ").bind(tenant.as_str());
        push_member_test(&mut sql, request);
        if !request.statuses.is_empty() {
            sql.push(" AND ut.status IN (")
                .bind_list(request.statuses.iter().map(|s| s.as_str()))
                .push(")");
        }
        if let Some(ids) = role_ids {
            // Each member along the order is asked (the primary key of user_roles).
            sql.push(
                " AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = ut.user_id \
                 AND ur.tenant_id = ut.tenant_id AND ur.role_id IN (",
            )
            .bind_list(ids.iter().map(String::as_str))
            .push("))");
        }
        if let Some((bound, before)) = skip {
            match (bound, desc != reversed) {
                (Some(bound), false) => sql.push(" AND ut.name_order >= ").bind(bound),
                (Some(bound), true) => sql.push(" AND ut.name_order < ").bind(bound),
                (None, _) => &mut sql,
            };
            offset -= before;
        }
        sql.push(&format!(
            " ORDER BY ut.name_order{collate} {}, ut.user_id{collate} {} LIMIT ",
            direction(desc),
            direction(false),
        ))
        .bind(limit)
        .push(" OFFSET ")
        .bind(offset)
        .push(")");
        Ok(sql)
    }

    /// Where a walk of `tenant`'s members in name order (descending when `desc`) finds its
    /// `offset`th member of the asked test flag, from the counts of the names' starts (migration
    /// 0132): the bound of the name start the member's name has (ascending, the names from that
    /// start on; descending, the names before the next start, `None` when there is none) and how
    /// many members of the flag the walk passes before that start. `None` past the last member.
    async fn name_start_skip(
        &self,
        tenant: &TenantId,
        request: &UserSearchRequest,
        desc: bool,
        offset: i64,
    ) -> Result<Option<(Option<String>, i64)>> {
        let count = if request.test_users_only {
            "test_members"
        } else if request.with_test_user {
            "members + test_members"
        } else {
            "members"
        };
        let direction = if desc { "DESC" } else { "ASC" };
        let mut sql = Sql::new(&format!(
            "SELECT name_start, beyond, before FROM (SELECT name_start, n, \
             CAST(SUM(n) OVER w - n AS BIGINT) AS before, LAG(name_start) OVER w AS beyond \
             FROM (SELECT name_start, {count} AS n FROM member_name_starts WHERE tenant_id = "
        ));
        sql.bind(tenant.as_str())
            .push(&format!(
                ") c WINDOW w AS (ORDER BY name_start {direction} ROWS UNBOUNDED PRECEDING)) s \
                 WHERE before + n > "
            ))
            .bind(offset)
            .push(&format!(" ORDER BY name_start {direction} LIMIT 1"));
        let Some(row) = sql.query().fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let bound: Option<String> = if desc {
            row.try_get("beyond")?
        } else {
            Some(row.try_get("name_start")?)
        };
        Ok(Some((bound, row.try_get("before")?)))
    }

    /// A page's query: how the page is found depends on how many users match (the `window`'s
    /// total, at least one).
    fn page_query(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        role_ids: Option<&[String]>,
        codes: Option<&str>,
        keys: &[OrderKey],
        window: Window,
    ) -> Sql {
        let text = !request.text.trim().is_empty();
        // Every match of a text a count could count (10,000 at most) is found by the text's
        // index and sorted sooner than a page of them is found by walking the sort order,
        // along which they may lie together far from its start (a first name in name order:
        // 2,500 matches of 100,000 took 110 ms to walk to on PostgreSQL, 17 ms on SQLite).
        let few = if text {
            window.exact
        } else {
            window.total <= FEW_MATCHES
        };
        // A text or a role few users match: the text's index or the role's holders find them,
        // then they are sorted. Left to themselves, both planners walk the sort order instead
        // (neither estimates a word prefix's matches or a role's holders), through every user
        // when few or none match.
        let sort_matches = few && (text || !request.role_names.is_empty());
        let purpose = if few {
            Purpose::Page
        } else {
            Purpose::PageOfMany
        };
        let order = order_list(keys, |_, key| key.expression.clone());
        let filters = |sql: &mut Sql| {
            push_filters(sql, self.backend, scope, request, role_ids, codes, purpose);
        };
        let mut sql = Sql::new("");
        match (sort_matches, self.backend) {
            // On SQLite only the matches' rowids are sorted, then the page's users are read.
            (true, Backend::Sqlite) => {
                self.push_page_columns(&mut sql, scope, keys);
                sql.push(" FROM users u WHERE u.rowid IN (SELECT u.rowid FROM users u WHERE ");
                filters(&mut sql);
                sql.push(" ORDER BY ").push(&order);
                push_window(&mut sql, window);
                sql.push(") ORDER BY ").push(&order);
                return sql;
            }
            // A text's matches are sorted by Db::count_and_sort already: a role's holders.
            (true, Backend::Postgres) => {
                sql.push("WITH matches AS MATERIALIZED (SELECT * FROM users u WHERE ");
                filters(&mut sql);
                sql.push(") ");
                self.push_page_columns(&mut sql, scope, keys);
                sql.push(" FROM matches u");
            }
            (false, _) => {
                self.push_page_columns(&mut sql, scope, keys);
                sql.push(" FROM users u WHERE ");
                filters(&mut sql);
            }
        }
        sql.push(" ORDER BY ").push(&order);
        push_window(&mut sql, window);
        sql
    }

    /// `SELECT` and the columns of a page of users `u`. In a tenant scope (the user widget's
    /// list) they include what the page shows of each user besides its row, read by the same
    /// query (see [`Db::tenant_page`]): the login ids, the names of the roles held in the
    /// tenant (JSON arrays, sorted as [`Db::complete_records`] sorts them: by PostgreSQL, or on
    /// SQLite by [`PageUser::sort_lists`], which spares SQLite a sort per user), whether the
    /// user belongs to other tenants too (its kept count of memberships, migration 0125), and
    /// the tenant's name.
    fn push_page_columns(&self, sql: &mut Sql, scope: &Scope, keys: &[OrderKey]) {
        sql.push("SELECT ").push(USER_COLUMNS);
        let Some(tenant) = scope.tenant_id() else {
            return;
        };
        let (array, text, login_order, role_order) = match self.backend {
            Backend::Sqlite => ("json_group_array", "", "", ""),
            Backend::Postgres => (
                "json_agg",
                "::text",
                " ORDER BY l.login_id",
                " ORDER BY r.name",
            ),
        };
        sql.push(&format!(
            ", COALESCE((SELECT {array}(l.login_id{login_order}){text} FROM login_ids l \
             WHERE l.user_id = u.id), '[]') AS login_ids_json, \
             COALESCE((SELECT {array}(r.name{role_order}){text} FROM user_roles ur \
             JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND ur.tenant_id = "
        ))
        .bind(tenant.as_str())
        // Every user of the page is the tenant's member (migration 0125 keeps the count).
        .push(
            "), '[]') AS roles_json, u.memberships > 1 AS elsewhere, \
             (SELECT t.name FROM tenants t WHERE t.id = ",
        )
        .bind(tenant.as_str())
        .push(") AS tenant_name");
        for (index, key) in keys.iter().enumerate() {
            sql.push(&format!(", {} AS k{index}", key.expression));
        }
    }

    /// The total of a search that names no more than its tenant and statuses, from the counts
    /// triggers keep (migrations 0012 and 0110): the members of the scope's tenant or of the
    /// one tenant asked for, or every user of the project; or a tenant's holders of one role
    /// ([`Db::role_holder_total`]). `None` when the search filters by anything else, or asks
    /// for several tenants.
    async fn counted_total(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        role_ids: Option<&[String]>,
    ) -> Result<Option<u64>> {
        if !filters_tenants_statuses_and_roles_only(request) {
            return Ok(None);
        }
        let key = match scope.tenant_id() {
            Some(tenant) => tenant.as_str(),
            None => match request.tenant_ids.split_first() {
                None => "",
                // `""` is no tenant (nobody is its member), and the key of the project's count.
                Some((first, rest))
                    if !first.as_str().is_empty() && rest.iter().all(|t| t == first) =>
                {
                    first.as_str()
                }
                Some(_) => return Ok(None),
            },
        };
        if !request.role_names.is_empty() {
            return match scope.tenant_id() {
                Some(_) => self.role_holder_total(scope, request, role_ids).await,
                None if !key.is_empty() && request.statuses.is_empty() => {
                    self.asked_tenant_role_total(key, request).await
                }
                None => Ok(None),
            };
        }
        let mut sql = Sql::new("SELECT ");
        push_kept_total(&mut sql, key, request);
        let total: i64 = sql
            .push(" AS total")
            .query()
            .fetch_one(&self.pool)
            .await?
            .try_get("total")?;
        Ok(Some(u64::try_from(total).unwrap_or_default()))
    }

    /// The codes of the one tenant a SQLite text search keeps the members of (its scope's, or
    /// the only one it asks for), of the asked test flag, as a query of the text indexes'
    /// second column (migration 0126): with them the text index alone finds the tenant's
    /// matches. `None` on PostgreSQL, for text no index answers, for a search of no single
    /// tenant, and for a tenant that does not exist (the search then finds no members anyway).
    async fn member_codes(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
    ) -> Result<Option<String>> {
        let text = request.text.trim().to_lowercase();
        if self.backend != Backend::Sqlite || sqlite_text_match(&text, None).is_none() {
            return Ok(None);
        }
        let Some(tenant) = one_tenant(scope, request) else {
            return Ok(None);
        };
        let code: Option<Option<i64>> =
            sqlx::query_scalar("SELECT search_code FROM tenants WHERE id = $1")
                .bind(tenant.as_str())
                .fetch_optional(&self.pool)
                .await?;
        let Some(Some(code)) = code else {
            return Ok(None);
        };
        let codes = [
            (false, !request.test_users_only),
            (true, request.test_users_only || request.with_test_user),
        ]
        .into_iter()
        .filter(|(_, asked)| *asked)
        .map(|(test, _)| format!("tenant_codes : \"{}\"", tenant_code(code, test)))
        .collect::<Vec<_>>();
        Ok(Some(format!("({})", codes.join(" OR "))))
    }

    /// The ids of the page at `window` of a PostgreSQL text search of one tenant sorted by name
    /// ([`member_text_tenant`]) that more members match than a count counts. The tenant's first
    /// [`TEXT_WALK_BOUND`] members in name order from where its matches can begin
    /// ([`Db::text_bounds`]; the start of the order without them) are walked for it, off the
    /// index alone (migration 0133): they hold its page when its matches lie evenly among the
    /// members, or together where the bounds start (a first name: `theodore` lies past 95% of
    /// the benchmark's tenant of 1,000,000). When they hold too few, every match is found by the
    /// memberships' trigram index and sorted instead ([`Db::count_and_sort`], uncapped). Either
    /// way the page is the one the whole walk would give: the walk's first matches are the
    /// order's first. (SQLite reads such a page off its text index in name order instead,
    /// [`Db::ranked_text_page`].)
    async fn capped_text_page(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        keys: &[OrderKey],
        (tenant, desc): (&TenantId, bool),
        window: Window,
    ) -> Result<Vec<String>> {
        let direction = if desc { "DESC" } else { "ASC" };
        let collate = self.collate();
        // The walk's members are read as the page asks for them: it stops at the page's last
        // match, or at the bound.
        let mut walk = Sql::new(&format!(
            "SELECT w.k1 AS id FROM (SELECT ut.name_order{collate} AS k0, \
             ut.user_id{collate} AS k1, ut.search_text FROM user_tenants ut WHERE ut.tenant_id = "
        ));
        walk.bind(tenant.as_str());
        push_member_test(&mut walk, request);
        if let Some((first, last)) = self.text_bounds(tenant, request).await? {
            walk.push(" AND ut.name_order >= ")
                .bind(first.as_str())
                .push(" AND ut.name_order <= ")
                .bind(last.as_str());
        }
        walk.push(&format!(" ORDER BY k0 {direction}, k1 LIMIT "))
            .bind(TEXT_WALK_BOUND)
            .push(") w WHERE TRUE");
        push_like_filter(
            &mut walk,
            "w.search_text",
            &request.text.trim().to_lowercase(),
        );
        walk.push(&format!(" ORDER BY w.k0 {direction}, w.k1"));
        push_window(&mut walk, window);
        let ids: Vec<String> = walk.fetch_column(&self.pool, "id").await?;
        if ids.len() == usize::try_from(window.limit).unwrap_or(usize::MAX) {
            return Ok(ids);
        }
        let (_, ids) = self
            .count_and_sort(scope, request, (None, None), keys, window, None)
            .await?;
        Ok(ids)
    }

    /// How many of the tenant's members (test users left out) hold the text of `request` as a
    /// word of their name or email domain (PostgreSQL, migration 0137): at least that many
    /// match it. 0 when not kept: on SQLite, for a text that is not one word of three
    /// characters or more, a search of several tenants or with other filters, or of test users
    /// only (the counts leave them out).
    async fn word_holders(&self, scope: &Scope, request: &UserSearchRequest) -> Result<u64> {
        let word = request.text.trim().to_lowercase();
        let kept = self.backend == Backend::Postgres
            && !request.test_users_only
            && filters_text_only(request)
            && !is_word_prefix(&word)
            && word.chars().all(char::is_alphanumeric);
        let (true, Some(tenant)) = (kept, one_tenant(scope, request)) else {
            return Ok(0);
        };
        let mut sql = Sql::new("SELECT members FROM member_word_counts WHERE tenant_id = ");
        sql.bind(tenant.as_str()).push(" AND word = ").bind(word);
        let members: Vec<i64> = sql.fetch_column(&self.pool, "members").await?;
        Ok(members
            .first()
            .map_or(0, |members| u64::try_from(*members).unwrap_or_default()))
    }

    /// Where in `tenant`'s name order the matches of the text of `request` (three characters or
    /// more) can lie, the first and last name: between the latest first and the earliest last
    /// place of its trigrams of ASCII letters and digits (migration 0136). `None` when the text
    /// has none, or some trigram no member holds.
    async fn text_bounds(
        &self,
        tenant: &TenantId,
        request: &UserSearchRequest,
    ) -> Result<Option<(String, String)>> {
        let trigrams = ascii_trigrams(&request.text.trim().to_lowercase());
        if trigrams.is_empty() {
            return Ok(None);
        }
        let mut sql = Sql::new(
            "SELECT count(*) AS n, max(first_order) AS first, min(last_order) AS last \
             FROM member_text_bounds WHERE tenant_id = ",
        );
        sql.bind(tenant.as_str())
            .push(" AND trigram = ANY(string_to_array(")
            .bind(trigrams.join(","))
            .push(", ','))");
        let row = sql.query().fetch_one(&self.pool).await?;
        let known: i64 = row.try_get("n")?;
        Ok(match (row.try_get("first")?, row.try_get("last")?) {
            (Some(first), Some(last)) if usize::try_from(known).ok() == Some(trigrams.len()) => {
                Some((first, last))
            }
            _ => None,
        })
    }

    /// The ids of the page at `window` of a SQLite text search of one tenant sorted by name
    /// (descending when `desc`), the text index's `table` and `query` ([`tenant_text_match`]).
    /// The index's rowids are the users' name ranks (migration 0134), so its matches in rowid
    /// order are the page's order: `theodore`, past 95% of the benchmark's tenant of 1,000,000,
    /// took 300 ms to walk to along the users and takes about a millisecond off the index.
    ///
    /// Ranks follow the name, then the id; descending, the search orders equal names by id
    /// ascending still, the reverse of their ranks. A run of equal names whole on the page is
    /// only reordered (the caller's page query sorts the ids); the runs of its first and last
    /// names may reach past it, so theirs are read again in rank order: the last name's first
    /// ids, the first name's ids past those that earlier pages showed.
    async fn ranked_text_page(
        &self,
        (table, query): (&str, String),
        desc: bool,
        window: Window,
    ) -> Result<Vec<String>> {
        let direction = if desc { "DESC" } else { "ASC" };
        let mut sql = Sql::new(&format!(
            "SELECT u.id, lower(u.name) AS name_order, m.r FROM (SELECT rowid AS r FROM {table} \
             WHERE {table} MATCH "
        ));
        sql.bind(query.as_str())
            .push(&format!(" ORDER BY rowid {direction}"));
        push_window(&mut sql, window);
        sql.push(&format!(
            ") m JOIN users u ON u.name_rank = m.r ORDER BY m.r {direction}"
        ));
        let rows = sql.query().fetch_all(&self.pool).await?;
        let page = rows
            .iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    row.try_get("name_order")?,
                    row.try_get("r")?,
                ))
            })
            .collect::<Result<Vec<(String, String, i64)>>>()?;
        let (Some((_, first, first_rank)), Some((_, last, _)), true) =
            (page.first(), page.last(), desc)
        else {
            return Ok(page.into_iter().map(|(id, _, _)| id).collect());
        };
        // The matches of `name` in rank order (ids ascending), `skip` of them passed, `take`.
        let run = |name: &str, skip: i64, take: usize| {
            let mut sql = Sql::new(&format!(
                "SELECT u.id FROM (SELECT rowid AS r FROM {table} WHERE {table} MATCH "
            ));
            sql.bind(query.as_str());
            push_name_ranks(&mut sql, name);
            sql.push(" ORDER BY rowid LIMIT ")
                .bind(i64::try_from(take).unwrap_or(i64::MAX))
                .push(" OFFSET ")
                .bind(skip)
                .push(") m JOIN users u ON u.name_rank = m.r");
            sql
        };
        // The first name's matches that earlier pages showed: those ranked above the page's first.
        let mut shown = Sql::new(&format!(
            "SELECT count(*) AS n FROM {table} WHERE {table} MATCH "
        ));
        shown.bind(query.as_str());
        push_name_ranks(&mut shown, first);
        shown.push(" AND rowid > ").bind(*first_rank);
        let shown: i64 = shown.query().fetch_one(&self.pool).await?.try_get("n")?;
        let taken = |name: &str| page.iter().filter(|(_, n, _)| n == name).count();
        let mut ids: Vec<String> = if first == last {
            run(first, shown, page.len())
                .fetch_column(&self.pool, "id")
                .await?
        } else {
            let mut ids: Vec<String> = run(first, shown, taken(first))
                .fetch_column(&self.pool, "id")
                .await?;
            ids.extend(
                run(last, 0, taken(last))
                    .fetch_column::<String>(&self.pool, "id")
                    .await?,
            );
            ids
        };
        ids.extend(
            page.iter()
                .filter(|(_, name, _)| name != first && name != last)
                .map(|(id, _, _)| id.clone()),
        );
        Ok(ids)
    }

    /// The ids of the roles a tenant-scoped search names (tenant roles and project roles of
    /// those names), so that its queries name the roles by id: PostgreSQL's planner then knows
    /// how many hold each (a role named through a join is estimated at the average of all).
    /// `None` in a project-wide search or without a role filter.
    async fn role_ids(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
    ) -> Result<Option<Vec<String>>> {
        let Some(tenant) = scope.tenant_id() else {
            return Ok(None);
        };
        if request.role_names.is_empty() {
            return Ok(None);
        }
        let mut sql = Sql::new("SELECT id FROM roles WHERE tenant_id IN ('', ");
        sql.bind(tenant.as_str())
            .push(") AND name IN (")
            .bind_list(request.role_names.iter())
            .push(")");
        let rows = sql.query().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| row.try_get("id").map_err(Error::from))
            .collect::<Result<_>>()
            .map(Some)
    }

    /// The total of a tenant admin's search by roles and nothing else (the widget's role
    /// menu) when they are one role, from the holder counts triggers keep (migration 0123).
    /// `None` in a project-wide search (a user holds a role in several tenants), for several
    /// roles (a name can be both a project role and one of the tenant's) or a status too: no
    /// count adds up to those.
    async fn role_holder_total(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        role_ids: Option<&[String]>,
    ) -> Result<Option<u64>> {
        let (Some(tenant), Some(role_ids)) = (scope.tenant_id(), role_ids) else {
            return Ok(None);
        };
        let [role] = role_ids else {
            return Ok(None);
        };
        if !request.statuses.is_empty() {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT users, test_users FROM role_holder_counts WHERE tenant_id = $1 AND role_id = $2",
        )
        .bind(tenant.as_str())
        .bind(role.as_str())
        .fetch_optional(&self.pool)
        .await?;
        // A role never held in the tenant has no row.
        row.map_or(Ok(Some(0)), |row| counted(&row, request).map(Some))
    }

    /// The total of a management key's search by role names and the one `tenant` it asks for,
    /// and nothing else. A role named so may be held in that tenant, in another or at project
    /// level, and each holder who is a member of the tenant matches. From the holder counts
    /// triggers keep (migration 0123): the tenant's holders of the one role of those names held
    /// there (a role held in a tenant is held by a member), plus the members who hold one
    /// elsewhere only, counted one by one when the counts say that [`FEW_MATCHES`] at most hold
    /// one elsewhere. `None` when two roles of those names are held in the tenant (a member may
    /// hold both) or more hold one elsewhere: the search then counts its matches.
    async fn asked_tenant_role_total(
        &self,
        tenant: &str,
        request: &UserSearchRequest,
    ) -> Result<Option<u64>> {
        let mut sql = Sql::new(
            "SELECT c.tenant_id, c.role_id, c.users, c.test_users FROM roles r \
             JOIN role_holder_counts c ON c.role_id = r.id WHERE c.users > 0 AND r.name IN (",
        );
        sql.bind_list(request.role_names.iter()).push(")");
        let rows = sql.query().fetch_all(&self.pool).await?;
        let mut here = Vec::new();
        let mut elsewhere = 0_u64;
        for row in &rows {
            let held_in: String = row.try_get("tenant_id")?;
            if held_in == tenant {
                here.push(row);
            } else {
                let users: i64 = row.try_get("users")?;
                elsewhere += u64::try_from(users).unwrap_or_default();
            }
        }
        let (held_here, role_here) = match here.as_slice() {
            [] => (0, None),
            [row] => (
                counted(row, request)?,
                Some(row.try_get::<String, _>("role_id")?),
            ),
            _ => return Ok(None),
        };
        if elsewhere == 0 {
            return Ok(Some(held_here));
        }
        if elsewhere > FEW_MATCHES {
            return Ok(None);
        }
        // The members who hold a role of those names elsewhere and not here.
        let mut only_elsewhere = Sql::new(
            "SELECT COUNT(DISTINCT ur.user_id) AS total FROM user_roles ur \
             JOIN roles r ON r.id = ur.role_id \
             JOIN user_tenants ut ON ut.user_id = ur.user_id AND ut.tenant_id = ",
        );
        only_elsewhere
            .bind(tenant)
            .push(" WHERE ur.tenant_id <> ")
            .bind(tenant)
            .push(" AND r.name IN (")
            .bind_list(request.role_names.iter())
            .push(")");
        push_member_test(&mut only_elsewhere, request);
        if let Some(role) = role_here {
            only_elsewhere
                .push(
                    " AND NOT EXISTS (SELECT 1 FROM user_roles here WHERE \
                     here.user_id = ur.user_id AND here.tenant_id = ",
                )
                .bind(tenant)
                .push(" AND here.role_id = ")
                .bind(role)
                .push(")");
        }
        Ok(Some(
            held_here + only_elsewhere.fetch_total(&self.pool).await?,
        ))
    }

    /// Counts the users matching `request` up to `cap` + 1 (every one without a cap) and, when
    /// they are no more than the cap, sorts them for the ids of the page at `window`: a text's
    /// matches are found once for both. On PostgreSQL the matches carry their sort keys. On
    /// SQLite, with the tenant's `codes` ([`tenant_text_match`]), the text index alone finds
    /// and counts them, and their users are read only to be sorted. The ids are empty when the
    /// count is over the cap (the page then walks the sort order).
    async fn count_and_sort(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        (role_ids, codes): (Option<&[String]>, Option<&str>),
        keys: &[OrderKey],
        window: Window,
        cap: Option<u64>,
    ) -> Result<(u64, Vec<String>)> {
        let columns = keys
            .iter()
            .enumerate()
            .map(|(index, key)| format!(", {} AS k{index}", key.expression))
            .collect::<String>();
        let mut sql = Sql::new("WITH m AS MATERIALIZED (");
        let user_columns = format!("u.id{columns}");
        let sorted = if let Some(tenant) = member_text_tenant(self.backend, scope, request) {
            // The tenant's members' own copies of the text and name order (migration 0131).
            let collate = self.collate();
            sql.push(&format!(
                "SELECT ut.user_id AS id, ut.name_order{collate} AS k0, \
                 ut.user_id{collate} AS k1 FROM user_tenants ut WHERE ut.tenant_id = "
            ))
            .bind(tenant.as_str());
            push_member_test(&mut sql, request);
            push_like_filter(
                &mut sql,
                "ut.search_text",
                &request.text.trim().to_lowercase(),
            );
            "SELECT m.* FROM m WHERE TRUE".to_owned()
        } else if self.push_matches(
            &mut sql,
            scope,
            request,
            role_ids,
            codes,
            ("rowid AS r", &user_columns),
        ) {
            format!("SELECT {user_columns} FROM users u WHERE u.name_rank IN (SELECT r FROM m)")
        } else {
            "SELECT m.* FROM m WHERE TRUE".to_owned()
        };
        let cap = cap.map(|cap| i64::try_from(cap).unwrap_or(i64::MAX));
        if let Some(cap) = cap {
            sql.push(" LIMIT ").bind(cap + 1);
        }
        sql.push(") SELECT c.total, p.id FROM (SELECT COUNT(*) AS total FROM m) c LEFT JOIN (")
            .push(&sorted);
        if let Some(cap) = cap {
            // More matches than the count counts: they are not sorted for nothing.
            sql.push(" AND (SELECT COUNT(*) FROM m) <= ").bind(cap);
        }
        sql.push(" ORDER BY ")
            .push(&order_list(keys, |index, _| format!("k{index}")));
        push_window(&mut sql, window);
        sql.push(&format!(
            ") p ON TRUE ORDER BY {}",
            order_list(keys, |index, _| format!("p.k{index}"))
        ));
        let rows = sql.query().fetch_all(&self.pool).await?;
        let total: i64 = match rows.first() {
            Some(row) => row.try_get("total")?,
            None => 0,
        };
        let ids = rows
            .iter()
            .filter_map(|row| row.try_get::<Option<String>, _>("id").transpose())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok((u64::try_from(total).unwrap_or_default(), ids))
    }

    /// `SELECT ... FROM ... WHERE ...` of the users matching `request`, for a count: with the
    /// tenant's `codes` and no filter but the text, the text index alone (`columns.0` of its
    /// rows, whose rowids are the users' name ranks; [`tenant_text_match`]), else the users
    /// (`columns.1` of `u`) under every filter. True when the text index answers.
    fn push_matches(
        &self,
        sql: &mut Sql,
        scope: &Scope,
        request: &UserSearchRequest,
        role_ids: Option<&[String]>,
        codes: Option<&str>,
        columns: (&str, &str),
    ) -> bool {
        match tenant_text_match(request, codes) {
            Some((table, query)) => {
                sql.push(&format!(
                    "SELECT {} FROM {table} WHERE {table} MATCH ",
                    columns.0
                ))
                .bind(query);
                true
            }
            None => {
                sql.push(&format!("SELECT {} FROM users u WHERE ", columns.1));
                push_filters(
                    sql,
                    self.backend,
                    scope,
                    request,
                    role_ids,
                    codes,
                    Purpose::Count,
                );
                false
            }
        }
    }

    /// Counts the users matching `request`, stopping at `cap` when given. With the tenant's
    /// `codes` ([`Db::member_codes`]) and no filter but the text, the text index alone counts.
    async fn count_users(
        &self,
        scope: &Scope,
        request: &UserSearchRequest,
        role_ids: Option<&[String]>,
        codes: Option<&str>,
        cap: Option<u64>,
    ) -> Result<u64> {
        let mut count = Sql::new("SELECT COUNT(*) AS total FROM (");
        self.push_matches(
            &mut count,
            scope,
            request,
            role_ids,
            codes,
            ("1 AS one", "1 AS one"),
        );
        if let Some(cap) = cap {
            count
                .push(" LIMIT ")
                .bind(i64::try_from(cap).unwrap_or(i64::MAX));
        }
        count.push(") matches");
        count.fetch_total(&self.pool).await
    }

    /// Counts the members of `tenant` of the asked test flag who have the word `start`
    /// ([`word_start_walk`]), stopping at `cap`: index entries alone.
    async fn count_word_starts(
        &self,
        tenant: &TenantId,
        start: &str,
        request: &UserSearchRequest,
        cap: u64,
    ) -> Result<u64> {
        let mut count = Sql::new(
            "SELECT COUNT(*) AS total FROM (SELECT 1 FROM member_word_starts ut \
             WHERE ut.tenant_id = ",
        );
        count
            .bind(tenant.as_str())
            .push(" AND ut.word_start = ")
            .bind(start);
        push_member_test(&mut count, request);
        count
            .push(" LIMIT ")
            .bind(i64::try_from(cap).unwrap_or(i64::MAX))
            .push(") matches");
        count.fetch_total(&self.pool).await
    }

    /// The signed-in user's own record, with every tenant and project role.
    pub async fn own_user(&self, myself: &Myself) -> Result<UserRecord> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
        ))
        .bind(myself.user_id().as_str())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| Error::Unauthorized("The user no longer exists".to_owned()))?;
        let mut records = self.complete_records(&[row], None).await?;
        records
            .pop()
            .ok_or_else(|| Error::Internal("loaded user vanished".to_owned()))
    }

    /// The login ids of the users among `ids` that exist: one query for any number (an audit
    /// page's users and actors, a key page's or a link list's creators).
    pub(crate) async fn login_ids_of<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<LoginIds> {
        let ids: BTreeSet<&str> = ids.into_iter().filter(|id| !id.is_empty()).collect();
        let mut login_ids = LoginIds::default();
        if ids.is_empty() {
            return Ok(login_ids);
        }
        let mut sql = Sql::new("SELECT user_id, login_id FROM login_ids WHERE user_id IN (");
        sql.bind_list(ids.into_iter().map(str::to_owned))
            .push(") ORDER BY login_id");
        for row in sql.query().fetch_all(&self.pool).await? {
            login_ids
                .0
                .entry(row.try_get("user_id")?)
                .or_default()
                .push(row.try_get("login_id")?);
        }
        Ok(login_ids)
    }

    /// Turns user rows into records, loading login ids, memberships and roles with one query
    /// each. With `tenant`, memberships and roles are read for that tenant only.
    pub(crate) async fn complete_records(
        &self,
        rows: &[AnyRow],
        tenant: Option<&TenantId>,
    ) -> Result<Vec<UserRecord>> {
        let mut records = rows.iter().map(user_from_row).collect::<Result<Vec<_>>>()?;
        if records.is_empty() {
            return Ok(records);
        }
        let ids: Vec<&str> = records.iter().map(|record| record.id.as_str()).collect();
        let index: HashMap<String, usize> = records
            .iter()
            .enumerate()
            .map(|(i, record)| (record.id.as_str().to_owned(), i))
            .collect();

        let mut logins = Sql::new("SELECT user_id, login_id FROM login_ids WHERE user_id IN (");
        logins
            .bind_list(ids.iter().copied())
            .push(") ORDER BY login_id");
        // `elsewhere` counts the user's other memberships: in a tenant scope it is all that is
        // read of them.
        let mut memberships = Sql::new(
            "SELECT ut.user_id, t.id, t.name, (SELECT COUNT(*) FROM user_tenants o \
             WHERE o.user_id = ut.user_id AND o.tenant_id <> ut.tenant_id) AS elsewhere \
             FROM user_tenants ut JOIN tenants t ON t.id = ut.tenant_id WHERE ut.user_id IN (",
        );
        memberships.bind_list(ids.iter().copied()).push(")");
        if let Some(tenant) = tenant {
            memberships
                .push(" AND ut.tenant_id = ")
                .bind(tenant.as_str());
        }
        memberships.push(" ORDER BY ut.created, t.id");
        let mut roles = Sql::new(
            "SELECT ur.user_id, ur.tenant_id, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
             WHERE ur.user_id IN (",
        );
        roles.bind_list(ids.iter().copied()).push(")");
        if let Some(tenant) = tenant {
            roles.push(" AND ur.tenant_id = ").bind(tenant.as_str());
        }
        roles.push(" ORDER BY r.name");
        // The three read side by side, each on a connection of its own: one after another they
        // were a third of a search's time after its count.
        let (login_rows, membership_rows, role_rows) = tokio::try_join!(
            logins.query().fetch_all(&self.pool),
            memberships.query().fetch_all(&self.pool),
            roles.query().fetch_all(&self.pool),
        )?;

        let mut login_ids: Vec<Vec<LoginId>> = vec![Vec::new(); records.len()];
        for row in login_rows {
            let user_id: String = row.try_get("user_id")?;
            if let Some(&i) = index.get(&user_id) {
                login_ids[i].push(LoginId::new(row.try_get::<String, _>("login_id")?));
            }
        }
        let mut tenants: Vec<Vec<Membership>> = vec![Vec::new(); records.len()];
        let mut shared = vec![false; records.len()];
        for row in membership_rows {
            let user_id: String = row.try_get("user_id")?;
            if let Some(&i) = index.get(&user_id) {
                shared[i] |= tenant.is_some() && row.try_get::<i64, _>("elsewhere")? > 0;
                tenants[i].push(Membership {
                    tenant_id: TenantId::new(row.try_get::<String, _>("id")?),
                    tenant_name: row.try_get("name")?,
                    role_names: Vec::new(),
                });
            }
        }
        for row in role_rows {
            let user_id: String = row.try_get("user_id")?;
            let Some(&i) = index.get(&user_id) else {
                continue;
            };
            let tenant_id: String = row.try_get("tenant_id")?;
            let role: String = row.try_get("name")?;
            if tenant_id.is_empty() {
                records[i].project_roles.push(role);
            } else if let Some(membership) = tenants[i]
                .iter_mut()
                .find(|membership| membership.tenant_id.as_str() == tenant_id)
            {
                membership.role_names.push(role);
            }
        }

        for (((record, login_ids), tenants), shared) in
            records.iter_mut().zip(login_ids).zip(tenants).zip(shared)
        {
            record.login_ids = login_ids;
            record.tenants = tenants;
            record.shared = shared;
        }
        Ok(records)
    }

    /// The credentials behind a login id (matched regardless of case).
    pub async fn credentials(&self, login_id: &LoginId) -> Result<Option<Credentials>> {
        let row = sqlx::query(
            "SELECT u.id, u.password_hash, u.password_expired, u.status, u.last_login, \
             u.session_epoch, u.password_changed, u.locked FROM login_ids l JOIN users u ON u.id = l.user_id WHERE LOWER(l.login_id) = LOWER($1)",
        )
        .bind(login_id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Credentials {
            user_id: UserId::new(row.try_get::<String, _>("id")?),
            password_hash: row.try_get("password_hash")?,
            password_expired: flag(&row, "password_expired")?,
            status: status_from_row(&row)?,
            last_login: row.try_get("last_login")?,
            session_epoch: row.try_get("session_epoch")?,
            password_changed: row.try_get("password_changed")?,
            locked: flag(&row, "locked")?,
        }))
    }

    /// Records a successful sign-in.
    pub async fn record_sign_in(&self, user_id: &UserId, now: i64) -> Result<()> {
        sqlx::query("UPDATE users SET last_login = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Status and session epoch of a user, if the user exists.
    pub async fn session_facts(&self, user_id: &UserId) -> Result<Option<SessionFacts>> {
        let row = sqlx::query("SELECT status, session_epoch FROM users WHERE id = $1")
            .bind(user_id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionFacts {
            status: status_from_row(&row)?,
            session_epoch: row.try_get("session_epoch")?,
        }))
    }

    /// Whether a user is a member of `tenant` and holds `permission` there through a role
    /// assigned in that tenant (a tenant role, or a project role granted within the tenant),
    /// and the user's session facts: every fact a widget-mode request's check needs, in one
    /// query.
    pub async fn tenant_access(
        &self,
        user_id: &UserId,
        tenant: &TenantId,
        permission: &str,
    ) -> Result<TenantAccess> {
        let sql = Sql {
            text: "SELECT \
               (SELECT COUNT(*) FROM user_tenants ut WHERE ut.user_id = $1 AND ut.tenant_id = $2) AS member, \
               (SELECT COUNT(*) FROM user_roles ur \
                  JOIN roles r ON r.id = ur.role_id AND (r.tenant_id = '' OR r.tenant_id = $2) \
                  JOIN role_permissions rp ON rp.role_id = r.id \
                WHERE ur.user_id = $1 AND ur.tenant_id = $2 AND rp.permission_name = $3) AS granted, \
               (SELECT COUNT(*) FROM tenants t WHERE t.id = $2 AND t.disabled = $4) AS disabled, \
               (SELECT u.status FROM users u WHERE u.id = $1) AS status, \
               (SELECT u.session_epoch FROM users u WHERE u.id = $1) AS session_epoch"
                .to_owned(),
            params: vec![
                user_id.as_str().into(),
                tenant.as_str().into(),
                permission.into(),
                true.into(),
            ],
            ..Sql::default()
        };
        // Every widget request asks this first: on SQLite, on the request's own thread.
        let (member, granted, disabled, status, session_epoch): AccessRow = match &self.readers {
            Some(readers) => readers.one_row(&sql, |row| {
                Ok((
                    row.get("member")?,
                    row.get("granted")?,
                    row.get("disabled")?,
                    row.get("status")?,
                    row.get("session_epoch")?,
                ))
            })?,
            None => {
                let row = sql.query().fetch_one(&self.pool).await?;
                (
                    row.try_get("member")?,
                    row.try_get("granted")?,
                    row.try_get("disabled")?,
                    row.try_get("status")?,
                    row.try_get("session_epoch")?,
                )
            }
        };
        let session = match (status, session_epoch) {
            (Some(status), Some(session_epoch)) => Some(SessionFacts {
                status: parse_status(&status)?,
                session_epoch,
            }),
            _ => None,
        };
        Ok(TenantAccess {
            session,
            member: member > 0,
            granted: granted > 0,
            disabled: disabled > 0,
        })
    }

    /// The grants a user's tokens carry, from current state.
    pub async fn grants(&self, myself: &Myself) -> Result<UserGrants> {
        let user_id = myself.user_id().as_str();
        // A disabled tenant's grants are left out: its users cannot sign in to it.
        let memberships = sqlx::query(
            "SELECT ut.tenant_id FROM user_tenants ut JOIN tenants t ON t.id = ut.tenant_id \
             WHERE ut.user_id = $1 AND t.disabled = $2 ORDER BY ut.created, ut.tenant_id",
        )
        .bind(user_id)
        .bind(false)
        .fetch_all(&self.pool)
        .await?;
        let mut tenants: Vec<(TenantId, TenantGrants)> = memberships
            .iter()
            .map(|row| {
                Ok((
                    TenantId::new(row.try_get::<String, _>("tenant_id")?),
                    TenantGrants::default(),
                ))
            })
            .collect::<Result<_>>()?;
        let mut project = TenantGrants::default();
        let rows = sqlx::query(
            "SELECT ur.tenant_id, r.name, rp.permission_name FROM user_roles ur \
             JOIN roles r ON r.id = ur.role_id \
             LEFT JOIN role_permissions rp ON rp.role_id = r.id \
             WHERE ur.user_id = $1 ORDER BY r.name, rp.permission_name",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        fold_grants(&rows, &mut tenants, &mut project)?;
        for grants in tenants
            .iter_mut()
            .map(|(_, grants)| grants)
            .chain([&mut project])
        {
            grants.roles.sort();
            grants.permissions.sort();
        }
        Ok(UserGrants { tenants, project })
    }

    /// Inserts users with their login ids, memberships and roles in one transaction, in
    /// multi-row batches. Fails without inserting anything when a login id exists already or a
    /// tenant or role is unknown.
    pub async fn insert_users(
        &self,
        scope: &ProjectWide,
        users: &[NewUser],
        now: i64,
    ) -> Result<Vec<UserId>> {
        let mut tx = self.write_tx().await?;
        let ids = insert_users_in(&mut tx, scope, users, now).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Looks a user up by login id (regardless of case).
    pub async fn user_id_by_login_id(
        &self,
        _: &ProjectWide,
        login_id: &LoginId,
    ) -> Result<Option<UserId>> {
        Ok(self
            .credentials(login_id)
            .await?
            .map(|credentials| credentials.user_id))
    }

    /// Sets a user's status. Disabled users cannot sign in and their tokens stop working.
    pub async fn set_user_status(
        &self,
        _: &ProjectWide,
        user_id: &UserId,
        status: UserStatus,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(user_id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes every test user of the project and records `TestUsersDeleted` with how many;
    /// returns that number.
    pub async fn delete_test_users(
        &self,
        _: &ProjectWide,
        actor: &super::audit::Actor,
        now_ms: i64,
    ) -> Result<u64> {
        let mut tx = self.write_tx().await?;
        let deleted = sqlx::query("DELETE FROM users WHERE test = $1")
            .bind(true)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let event = super::audit::AuditEvent::new(AuditAction::TestUsersDeleted, "", "")
            .with_data(serde_json::json!({ "count": deleted }));
        super::audit::record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// Revokes every token of a user issued so far (logout everywhere).
    pub async fn end_sessions(&self, _: &ProjectWide, user_id: &UserId) -> Result<()> {
        sqlx::query(END_SESSIONS)
            .bind(user_id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes every role a user holds in a tenant (`""` = project-level roles).
    pub async fn remove_user_roles(
        &self,
        _: &ProjectWide,
        user_id: &UserId,
        tenant: &str,
    ) -> Result<()> {
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND tenant_id = $2")
            .bind(user_id.as_str())
            .bind(tenant)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn role_row(
    user: &UserId,
    tenant: &str,
    role: &str,
    role_ids: &HashMap<(String, String), String>,
) -> Result<Vec<Param>> {
    let role_id = role_ids
        .get(&(tenant.to_owned(), role.to_owned()))
        .or_else(|| role_ids.get(&(String::new(), role.to_owned())))
        .ok_or_else(|| Error::InvalidArguments(format!("Unknown role {role:?}")))?;
    Ok(vec![
        Param::from(user.as_str()),
        tenant.into(),
        role_id.as_str().into(),
    ])
}

/// [`Db::insert_users`] inside a caller's transaction (the demo seed inserts everything in one).
pub(crate) async fn insert_users_in(
    tx: &mut Tx<'_>,
    _: &ProjectWide,
    users: &[NewUser],
    now: i64,
) -> Result<Vec<UserId>> {
    insert_user_rows(tx, users, now).await
}

/// Inserts the rows of `users`. Storage-internal: callers check the tenants against their
/// capability first ([`insert_users_in`], `user_changes::create_user`).
pub(crate) async fn insert_user_rows(
    tx: &mut Tx<'_>,
    users: &[NewUser],
    now: i64,
) -> Result<Vec<UserId>> {
    let role_ids = resolve_roles(tx, users).await?;
    let ids: Vec<UserId> = users.iter().map(|_| UserId::new(new_id('U'))).collect();

    let mut user_rows = Vec::new();
    let mut login_rows = Vec::new();
    let mut tenant_rows = Vec::new();
    let mut role_rows = Vec::new();
    // The rows go in name order (the lower-cased name, then the id): SQLite's text indexes take
    // each user's name rank as rowid (migration 0134), and FTS5 writes its pending entries out
    // as a segment of their own whenever a rowid comes before the last (0.59 ms a user in
    // random order against 0.44 in name order, by hand, 1,000 users at a time).
    let mut ordered: Vec<(&NewUser, &UserId)> = users.iter().zip(&ids).collect();
    ordered
        .sort_by_cached_key(|(user, id)| (user.name.to_ascii_lowercase(), id.as_str().to_owned()));
    for (user, id) in ordered {
        user_rows.push(vec![
            Param::from(id.as_str()),
            user.name.as_str().into(),
            user.given_name.as_str().into(),
            user.middle_name.as_str().into(),
            user.family_name.as_str().into(),
            user.email.as_str().into(),
            user.phone.as_str().into(),
            user.verified_email.into(),
            user.verified_phone.into(),
            user.picture.as_str().into(),
            serde_json::Value::Object(user.custom_attributes.clone())
                .to_string()
                .into(),
            user.status.as_str().into(),
            user.created.unwrap_or(now).into(),
            user.test.into(),
            user.totp.into(),
            user.webauthn.into(),
            user.password_hash.clone().into(),
            // A password set at creation counts as changed then (expiry runs from it).
            user.password_hash
                .as_ref()
                .map_or(0, |_| user.created.unwrap_or(now))
                .into(),
        ]);
        for login_id in std::iter::once(&user.login_id).chain(&user.additional_login_ids) {
            login_rows.push(vec![Param::from(login_id.as_str()), id.as_str().into()]);
        }
        for (position, (tenant, roles)) in user.tenants.iter().enumerate() {
            // Memberships keep their given order (the first is the default tenant).
            let created = now + i64::try_from(position).unwrap_or_default();
            tenant_rows.push(vec![
                Param::from(id.as_str()),
                tenant.as_str().into(),
                created.into(),
            ]);
            for role in roles {
                role_rows.push(role_row(id, tenant.as_str(), role, &role_ids)?);
            }
        }
        for role in &user.project_roles {
            role_rows.push(role_row(id, "", role, &role_ids)?);
        }
    }

    insert_batches(
        tx,
        "INSERT INTO users (id, name, given_name, middle_name, family_name, email, phone, \
         verified_email, verified_phone, picture, custom_attributes, status, created, test, totp, \
         webauthn, password_hash, password_changed) VALUES ",
        user_rows,
    )
    .await?;
    insert_batches(
        tx,
        "INSERT INTO login_ids (login_id, user_id) VALUES ",
        login_rows,
    )
    .await
    .map_err(|error| match error {
        Error::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            Error::UserAlreadyExists("A user with this login id already exists".to_owned())
        }
        other => other,
    })?;
    insert_batches(
        tx,
        "INSERT INTO user_tenants (user_id, tenant_id, created) VALUES ",
        tenant_rows,
    )
    .await?;
    insert_batches(
        tx,
        "INSERT INTO user_roles (user_id, tenant_id, role_id) VALUES ",
        role_rows,
    )
    .await?;
    Ok(ids)
}

/// Role ids by `(tenant, name)` for every role the new users mention; checks the tenants exist.
async fn resolve_roles(
    tx: &mut Tx<'_>,
    users: &[NewUser],
) -> Result<HashMap<(String, String), String>> {
    let tenants: HashSet<&str> = users
        .iter()
        .flat_map(|user| user.tenants.iter().map(|(tenant, _)| tenant.as_str()))
        .collect();
    if !tenants.is_empty() {
        let mut sql = Sql::new("SELECT id FROM tenants WHERE id IN (");
        sql.bind_list(tenants.iter().copied()).push(")");
        let found: HashSet<String> = sql
            .query()
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        if let Some(missing) = tenants.iter().find(|tenant| !found.contains(**tenant)) {
            return Err(Error::InvalidArguments(format!(
                "Unknown tenant {missing:?}"
            )));
        }
    }
    let mut sql = Sql::new("SELECT id, tenant_id, name FROM roles WHERE tenant_id IN (");
    sql.bind_list(std::iter::once("").chain(tenants.iter().copied()))
        .push(")");
    let mut roles = HashMap::new();
    for row in sql.query().fetch_all(&mut **tx).await? {
        roles.insert(
            (row.try_get("tenant_id")?, row.try_get("name")?),
            row.try_get("id")?,
        );
    }
    Ok(roles)
}

/// Runs `INSERT ... VALUES (..), (..)` in batches of [`INSERT_BATCH`] rows.
pub(crate) async fn insert_batches(
    tx: &mut Tx<'_>,
    head: &str,
    rows: Vec<Vec<Param>>,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(head);
        for (i, row) in rows.by_ref().take(INSERT_BATCH).enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind_row(row);
        }
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Pushes the total of a search that names its tenant (`key`; `""` is the project) and statuses
/// at most, from the counts triggers keep (migrations 0012 and 0110): one scalar expression.
/// A tenant without members has no row: 0.
fn push_kept_total(sql: &mut Sql, key: &str, request: &UserSearchRequest) {
    let column = if request.test_users_only {
        "test_users"
    } else if request.with_test_user {
        "users"
    } else {
        "users - test_users"
    };
    if request.statuses.is_empty() {
        sql.push(&format!(
            "COALESCE((SELECT {column} FROM user_counts WHERE tenant_id = "
        ))
        .bind(key)
        .push("), 0)");
    } else {
        sql.push(&format!(
            "(SELECT CAST(COALESCE(SUM({column}), 0) AS BIGINT) FROM user_status_counts \
             WHERE tenant_id = "
        ))
        .bind(key)
        .push(" AND status IN (");
        // Each status once: a status named twice is not counted twice.
        let statuses: BTreeSet<&str> = request.statuses.iter().map(|s| s.as_str()).collect();
        sql.bind_list(statuses).push("))");
    }
}

/// The total a row of kept counts (`users`, `test_users`) gives `request`, which says whether
/// test users count.
fn counted(row: &AnyRow, request: &UserSearchRequest) -> Result<u64> {
    let users: i64 = row.try_get("users")?;
    let test_users: i64 = row.try_get("test_users")?;
    let total = if request.test_users_only {
        test_users
    } else if request.with_test_user {
        users
    } else {
        users - test_users
    };
    Ok(u64::try_from(total).unwrap_or_default())
}

/// True when `request` filters by tenant (or nothing) only: every user of the tenant matches.
fn filters_tenants_only(request: &UserSearchRequest) -> bool {
    request.statuses.is_empty()
        && request.role_names.is_empty()
        && filters_tenants_statuses_and_roles_only(request)
}

/// True when `request` filters by text and tenant only: its tenant's text index may count it.
fn filters_text_only(request: &UserSearchRequest) -> bool {
    request.statuses.is_empty() && request.role_names.is_empty() && !filters_fields(request)
}

/// True when `request` filters by tenant, status and role (or nothing) only: the maintained
/// counts may know its total.
fn filters_tenants_statuses_and_roles_only(request: &UserSearchRequest) -> bool {
    request.text.trim().is_empty() && !filters_fields(request)
}

/// True when `request` filters by a user's own values: login ids, emails, phones, custom
/// attributes or the time it was created.
fn filters_fields(request: &UserSearchRequest) -> bool {
    !request.login_ids.is_empty()
        || !request.emails.is_empty()
        || !request.phones.is_empty()
        || !request.custom_attributes.is_empty()
        || request.from_created_time.is_some()
        || request.to_created_time.is_some()
}

/// Where a page lies among a search's `total` matches (`exact`: not a capped count).
#[derive(Debug, Clone, Copy)]
struct Window {
    limit: i64,
    offset: i64,
    total: u64,
    exact: bool,
}

impl Window {
    /// A first page of `limit`: walked from the start, whatever the total.
    fn first(limit: i64) -> Self {
        Self {
            limit,
            offset: 0,
            total: 0,
            exact: false,
        }
    }

    /// The page's limit and offset counted from the nearer end of the order, and whether that
    /// is the far end (the order walked backwards). Without an exact total, from the start.
    fn nearer_end(self) -> (i64, i64, bool) {
        let total = i64::try_from(self.total).unwrap_or(i64::MAX);
        let end = self.offset.saturating_add(self.limit).min(total);
        if !self.exact || self.offset >= total || self.offset <= total - end {
            (self.limit, self.offset, false)
        } else {
            (end - self.offset, total - end, true)
        }
    }
}

/// The test flag `request` asks of a tenant's members `ut` (user_tenants, member_word_starts).
fn push_member_test(sql: &mut Sql, request: &UserSearchRequest) {
    if request.test_users_only {
        sql.push(" AND ut.test = ").bind(true);
    } else if !request.with_test_user {
        sql.push(" AND ut.test = ").bind(false);
    }
}

/// ` LIMIT ... OFFSET ...` of a page at `window`.
fn push_window(sql: &mut Sql, window: Window) {
    sql.push(" LIMIT ")
        .bind(window.limit)
        .push(" OFFSET ")
        .bind(window.offset);
}

/// ` AND rowid BETWEEN ... AND ...` of a SQLite text index: the name ranks (migration 0134) of
/// the users whose lower-cased name is `name`, from the first of them in name order to the
/// last (two seeks of users_name_order).
fn push_name_ranks(sql: &mut Sql, name: &str) {
    sql.push(" AND rowid BETWEEN (SELECT name_rank FROM users WHERE lower(name) = ")
        .bind(name)
        .push(" ORDER BY id LIMIT 1) AND (SELECT name_rank FROM users WHERE lower(name) = ")
        .bind(name)
        .push(" ORDER BY id DESC LIMIT 1)");
}

/// The tenant and the direction of a search a page of which can be read off the tenant's members
/// in name order ([`Db::member_order_page`]): a search of one tenant's users (in its scope, or
/// asking for it alone) sorted by name alone that filters by status and test flag at most, and
/// in the tenant's scope by roles (named by their ids, `role_ids`) too. `None` for any other
/// search.
fn member_name_order<'a>(
    scope: &'a Scope,
    request: &'a UserSearchRequest,
    role_ids: Option<&[String]>,
) -> Option<(&'a TenantId, bool)> {
    let tenant = match scope.tenant_id() {
        Some(tenant) => tenant,
        None => request.tenant_ids.first()?,
    };
    let desc = name_order_direction(request)?;
    let asked_elsewhere = request.tenant_ids.iter().any(|asked| asked != tenant);
    // A project-wide role filter matches roles held in any tenant: not this walk's.
    let roles_in_tenant =
        request.role_names.is_empty() || (scope.tenant_id().is_some() && role_ids.is_some());
    (!tenant.as_str().is_empty()
        && roles_in_tenant
        && filters_tenants_statuses_and_roles_only(request)
        && !asked_elsewhere)
        .then_some((tenant, desc))
}

/// Whether a search is sorted by name alone (or not at all: name order is the default), and
/// whether descending. `None` for any other sort.
fn name_order_direction(request: &UserSearchRequest) -> Option<bool> {
    match request.sort.as_slice() {
        [] => Some(false),
        [field] if SortKey::parse(&field.field).ok()? == SortKey::Name => Some(field.desc),
        _ => None,
    }
}

/// The walk of a search of one tenant (its scope's, or the only one asked) for a word prefix
/// ([`is_word_prefix`]) alone, sorted by name: the tenant and the direction, and the word
/// start, along the members who have it (migration 0128). Their count and any page are then
/// read off one range of one index, however the matches lie in name order. Descending, the
/// index is read backwards and each run of equal names sorted by id (both databases sort
/// just those runs as they read: an incremental sort). `None` for any other search.
fn word_start_walk<'a>(
    scope: &'a Scope,
    request: &'a UserSearchRequest,
) -> Option<((&'a TenantId, bool), String)> {
    let start = request.text.trim().to_lowercase();
    let tenant = one_tenant(scope, request)?;
    let desc = name_order_direction(request)?;
    (is_word_prefix(&start) && filters_text_only(request)).then_some(((tenant, desc), start))
}

/// The one tenant a search keeps the members of: its scope's, or the only one it asks for
/// (however many times). `None` for a project-wide search of no tenant or of several.
fn one_tenant<'a>(scope: &'a Scope, request: &'a UserSearchRequest) -> Option<&'a TenantId> {
    match (scope.tenant_id(), request.tenant_ids.split_first()) {
        (Some(tenant), _) => Some(tenant),
        (None, Some((first, rest))) if rest.iter().all(|t| t == first) => Some(first),
        (None, _) => None,
    }
}

/// The tenant of a PostgreSQL search of one tenant for text its trigram index answers (not a
/// word prefix, [`is_word_prefix`]; no line break) and nothing else, sorted by name: its matches
/// are found among the tenant's memberships, each with its user's search text and name order
/// (migration 0131), not among every user's rows. `None` for any other search.
fn member_text_tenant<'a>(
    backend: Backend,
    scope: &'a Scope,
    request: &'a UserSearchRequest,
) -> Option<&'a TenantId> {
    let text = request.text.trim().to_lowercase();
    (backend == Backend::Postgres
        && !text.is_empty()
        && !text.contains('\n')
        && !is_word_prefix(&text)
        && filters_text_only(request)
        && name_order_direction(request).is_some())
    .then(|| one_tenant(scope, request))
    .flatten()
}

/// Most of a tenant's members in name order that a page of a text more members match than a
/// count counts walks on PostgreSQL before every match is sorted instead
/// ([`Db::capped_text_page`]). Spread evenly, more than 10,000 matches among a tenant's
/// 1,000,000 members give a first page of 50 within 5,000 of them; a last name in the
/// benchmark's, whose matches recur with each first name, within 28,000. Walking 30,000 off
/// the index took about 15 ms there; sorting 25,000 matches, 50-110 ms.
const TEXT_WALK_BOUND: i64 = 30_000;

/// The trigrams of three ASCII letters or digits of `text` (lower-cased), as `show_trgm` lists
/// those of any text holding it (migration 0136), each once.
fn ascii_trigrams(text: &str) -> Vec<String> {
    let mut trigrams: Vec<String> = text
        .as_bytes()
        .windows(3)
        .filter(|window| {
            window
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        .filter_map(|window| std::str::from_utf8(window).ok().map(str::to_owned))
        .collect();
    trigrams.sort_unstable();
    trigrams.dedup();
    trigrams
}

/// The shallowest page (in members skipped) that a walk of a tenant's members in name order
/// starts at its name start's count ([`Db::name_start_skip`], one more query) rather than
/// skipping every member before it: about 0.1 ms of index entries on SQLite.
const NAME_START_SKIP: i64 = 1_000;

/// What a search's `WHERE` clause is for: counting the matches or reading a page of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Count,
    Page,
    /// A page of a search too many users match to sort them all (a text more than a count
    /// counts, a role more than [`FEW_MATCHES`] hold): the filter is checked user by user along
    /// the sort order, which finds a page of them sooner.
    PageOfMany,
}

/// Most holders of a role whose page is read by sorting them all; more are read by walking the
/// sort order, where on average one user in `tenant size / holders` is one.
const FEW_MATCHES: u64 = 2_000;

/// The `WHERE` clause of a user search (shared by the count and the page query).
/// `role_ids`, when given, are the ids of the roles `request` names ([`Db::role_ids`], never
/// empty); otherwise the roles are matched by name. `codes`, when given, are the search's
/// tenant's codes ([`Db::member_codes`]): the text filter then keeps the tenant's members of
/// the asked test flag, and neither is asked again.
fn push_filters(
    sql: &mut Sql,
    backend: Backend,
    scope: &Scope,
    request: &UserSearchRequest,
    role_ids: Option<&[String]>,
    codes: Option<&str>,
    purpose: Purpose,
) {
    let text = request.text.trim();
    // Codes without text would confine nothing.
    let codes = codes.filter(|_| !text.is_empty());
    // PostgreSQL's text index finds the matches; each is checked for membership on its own row
    // (migration 0127) rather than by joining every membership of the tenant.
    let tenants_in_row = backend == Backend::Postgres && !text.is_empty();
    sql.push("1 = 1");
    let asked = match (codes, scope.tenant_id()) {
        (Some(_), _) => &[],
        (None, Some(tenant)) if tenants_in_row => {
            sql.push(" AND ")
                .bind(tenant.as_str())
                .push(" = ANY (u.tenant_ids)");
            scope.asked(&request.tenant_ids)
        }
        (None, _) => {
            sql.confine_members("u.id", scope);
            scope.asked(&request.tenant_ids)
        }
    };
    if !asked.is_empty() {
        if tenants_in_row {
            sql.push(" AND u.tenant_ids && ARRAY[")
                .bind_list(asked.iter().map(TenantId::as_str))
                .push("]::TEXT[]");
        } else {
            sql.push(" AND EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id IN (");
            sql.bind_list(asked.iter().map(TenantId::as_str)).push("))");
        }
    }
    if !request.role_names.is_empty() {
        // A count, or a page of few holders, starts from the role's holders (user_roles_role),
        // one lookup each; a page of many walks its order and asks each user, and stops at the
        // page's end. Counting the holders of a role held by 10,000 of 100,000 users this way
        // takes a third of the time.
        sql.push(match purpose {
            Purpose::Count | Purpose::Page => " AND u.id IN (SELECT ur.user_id FROM user_roles ur",
            Purpose::PageOfMany => " AND EXISTS (SELECT 1 FROM user_roles ur",
        });
        match role_ids {
            Some(ids) => sql
                .push(" WHERE ur.role_id IN (")
                .bind_list(ids.iter().map(String::as_str)),
            None => sql
                .push(" JOIN roles r ON r.id = ur.role_id WHERE r.name IN (")
                .bind_list(request.role_names.iter()),
        };
        sql.push(")");
        if purpose == Purpose::PageOfMany {
            sql.push(" AND ur.user_id = u.id");
        }
        sql.confine("ur.tenant_id", scope).push(")");
    }
    if !request.statuses.is_empty() {
        sql.push(" AND u.status IN (")
            .bind_list(request.statuses.iter().map(|s| s.as_str()))
            .push(")");
    }
    if !request.login_ids.is_empty() {
        sql.push(" AND EXISTS (SELECT 1 FROM login_ids l WHERE l.user_id = u.id AND LOWER(l.login_id) IN (");
        sql.bind_list(
            request
                .login_ids
                .iter()
                .map(|id| id.as_str().to_lowercase()),
        )
        .push("))");
    }
    if !request.emails.is_empty() {
        sql.push(" AND LOWER(u.email) IN (");
        sql.bind_list(request.emails.iter().map(|email| email.to_lowercase()))
            .push(")");
    }
    if !request.phones.is_empty() {
        sql.push(" AND u.phone IN (")
            .bind_list(request.phones.iter())
            .push(")");
    }
    if !text.is_empty() {
        push_text_filter(sql, backend, text, codes, purpose);
    }
    // Custom attributes: each given value must equal the user's (JSON equality).
    for (name, value) in &request.custom_attributes {
        match backend {
            Backend::Sqlite => {
                sql.push(" AND json_extract(u.custom_attributes, ")
                    .bind(format!("$.\"{name}\""))
                    .push(") IS json_extract(")
                    .bind(value.to_string())
                    .push(", '$')");
            }
            Backend::Postgres => {
                sql.push(" AND (u.custom_attributes::jsonb -> ")
                    .bind(name.as_str())
                    .push(") = CAST(")
                    .bind(value.to_string())
                    .push(" AS jsonb)");
            }
        }
    }
    if codes.is_some() {
        // The codes are of the asked test flag.
    } else if request.test_users_only {
        sql.push(" AND u.test = ").bind(true);
    } else if !request.with_test_user {
        // Counting a whole tenant reads `users_test_id` alone (45 ms instead of 250 in a tenant
        // of 100,000). Anything else must not be led by that index: SQLite's planner, without
        // statistics, would take it and then sort every user for a page, or fetch every row by
        // id for a filtered count. A unary `+` keeps the term out of SQLite's index choice.
        let whole_tenant = purpose == Purpose::Count && filters_tenants_only(request);
        let term = match backend {
            Backend::Sqlite if !whole_tenant => " AND +u.test = ",
            _ => " AND u.test = ",
        };
        sql.push(term).bind(false);
    }
    if let Some(from) = request.from_created_time {
        sql.push(" AND u.created >= ").bind(from);
    }
    if let Some(to) = request.to_created_time {
        sql.push(" AND u.created <= ").bind(to);
    }
}

/// The free-text filter: `text` is a case-insensitive substring of a login id, the name, the
/// email or the phone. It reads `users.search_text`, which triggers keep (see the
/// `0003_user_search` migrations), through a trigram index. One or two letters or digits are
/// the start of a word instead ([`is_word_prefix`]). With `codes` (SQLite), the index keeps
/// the tenant's members too.
fn push_text_filter(
    sql: &mut Sql,
    backend: Backend,
    text: &str,
    codes: Option<&str>,
    purpose: Purpose,
) {
    let text = text.to_lowercase();
    if text.contains('\n') {
        // search_text puts each value on a line of its own and no valid value holds a line
        // break: such a text is in no value, it could only span two.
        sql.push(" AND 1 = 0");
        return;
    }
    match backend {
        Backend::Sqlite => match sqlite_text_match(&text, codes) {
            Some((table, query)) => {
                sql.push(sqlite_rowid_in(purpose))
                    .push(&format!("(SELECT rowid FROM {table} WHERE {table} MATCH "))
                    .bind(query)
                    .push(")");
            }
            // Db::member_codes gives codes only for text an index answers; were it otherwise,
            // nothing would confine the search to the tenant: it finds no one.
            None if codes.is_some() => {
                sql.push(" AND 1 = 0");
            }
            // Shorter text with anything but letters and digits scans one column of users
            // instead of three and the login ids.
            None => push_like_filter(sql, "u.search_text", &text),
        },
        // PostgreSQL's trigram index serves LIKE itself.
        Backend::Postgres if is_word_prefix(&text) => {
            sql.push(" AND u.search_words @@ to_tsquery('simple', ")
                .bind(format!("'{text}':*"))
                .push(")");
        }
        Backend::Postgres => push_like_filter(sql, "u.search_text", &text),
    }
}

/// ` AND column LIKE '%text%'`: `column` holds a search text (`u.search_text`, or a
/// membership's copy of it, `ut.search_text`).
fn push_like_filter(sql: &mut Sql, column: &str, text: &str) {
    sql.push(&format!(" AND {column} LIKE "))
        .bind(format!("%{}%", like_escape(text)))
        .push(" ESCAPE '\\'");
}

/// Whether `text` (lower-cased) is searched as the start of a word: one or two letters or
/// digits, too short for the trigram indexes. Shorter text with anything else in it (`%`, `-`)
/// is still a substring, found by a scan.
fn is_word_prefix(text: &str) -> bool {
    let mut chars = 0;
    text.chars().all(|c| {
        chars += 1;
        c.is_alphanumeric()
    }) && chars < 3
}

/// The SQLite text index that answers `text` (lower-cased) and its `MATCH` query, or `None`
/// for text neither answers (a scan's). Three characters or more are a substring of the
/// trigram index `users_fts`; a word prefix ([`is_word_prefix`]) is a prefix query of
/// `users_words` (FTS5, prefix indexes of one and two characters; PostgreSQL's is the tsvector
/// `users.search_words`), whose words are runs of letters and digits (migration 0111). With
/// `codes` ([`Db::member_codes`]), only the tenant's members match (migration 0126).
fn sqlite_text_match(text: &str, codes: Option<&str>) -> Option<(&'static str, String)> {
    let (table, phrase) = if text.is_empty() || text.contains('\n') {
        return None;
    } else if is_word_prefix(text) {
        ("users_words", format!("{}*", sqlite_text_phrase(text)))
    } else if text.chars().count() >= 3 {
        (SQLITE_TRIGRAMS, sqlite_text_phrase(text))
    } else {
        return None;
    };
    Some(match codes {
        Some(codes) => (table, format!("{phrase} AND {codes}")),
        None => (table, phrase),
    })
}

/// The SQLite text index's query that alone finds the matches of `request` in one tenant: its
/// text and the tenant's `codes` ([`Db::member_codes`]), when nothing else filters it.
fn tenant_text_match(
    request: &UserSearchRequest,
    codes: Option<&str>,
) -> Option<(&'static str, String)> {
    let codes = codes.filter(|_| filters_text_only(request))?;
    sqlite_text_match(&request.text.trim().to_lowercase(), Some(codes))
}

/// SQLite's trigram index of the users' search text (migration 0003, 0126).
const SQLITE_TRIGRAMS: &str = "users_fts";

/// `text` as an FTS5 phrase of the users' search text (not their tenant codes, the indexes'
/// other column): everything in a string is literal but the double quote, written twice.
pub(crate) fn sqlite_text_phrase(text: &str) -> String {
    format!("search_text : \"{}\"", text.replace('"', "\"\""))
}

/// The code of the tenant whose `search_code` is `code`, for its members who are test users or
/// not: three characters of Unicode's private use area, as migration 0126's view
/// `user_tenant_codes` writes them.
fn tenant_code(code: i64, test: bool) -> String {
    let n = 2 * code + i64::from(test);
    [n % 6_400, n / 6_400 % 6_400, n / 40_960_000]
        .into_iter()
        .filter_map(|digit| u32::try_from(0xE000 + digit).ok().and_then(char::from_u32))
        .collect()
}

/// How a SQLite text filter names the matching users, by the text indexes' rowids: their name
/// ranks (migration 0134). A page of many matches walks the sort
/// order's index and looks each user up in the matches (a unary `+` keeps the term out of the
/// planner's index choice, which would otherwise start from the matches and sort all of them);
/// anything else starts from the matches.
fn sqlite_rowid_in(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::PageOfMany => " AND +u.name_rank IN ",
        Purpose::Count | Purpose::Page => " AND u.name_rank IN ",
    }
}

/// [`Db::tenant_access`]'s row: member, granted and disabled (counts), the user's status and
/// session epoch (`None` without the user).
type AccessRow = (i64, i64, i64, Option<String>, Option<i64>);

pub(crate) fn status_from_row(row: &AnyRow) -> Result<UserStatus> {
    parse_status(&row.try_get::<String, _>("status")?)
}

fn parse_status(status: &str) -> Result<UserStatus> {
    UserStatus::parse(status)
        .ok_or_else(|| Error::Internal(format!("unknown user status {status:?} in the database")))
}

/// How a column of [`PAGE_USER_FIELDS`] goes into the page's JSON.
#[derive(Debug, Clone, Copy)]
enum PageField {
    /// Text or a number, as it is.
    Plain,
    /// A boolean: 0 or 1 on both backends.
    Flag,
    /// A JSON array kept as text.
    Json,
}

/// The columns of a tenant-scoped page ([`Db::push_page_columns`]) that make up each user of
/// [`Db::tenant_page`]'s JSON, in the order of [`PageUser`]'s fields.
const PAGE_USER_FIELDS: [(&str, PageField); 20] = [
    ("id", PageField::Plain),
    ("name", PageField::Plain),
    ("given_name", PageField::Plain),
    ("middle_name", PageField::Plain),
    ("family_name", PageField::Plain),
    ("email", PageField::Plain),
    ("phone", PageField::Plain),
    ("verified_email", PageField::Flag),
    ("verified_phone", PageField::Flag),
    ("status", PageField::Plain),
    ("custom_attributes", PageField::Plain),
    ("picture", PageField::Plain),
    ("created", PageField::Plain),
    ("test", PageField::Flag),
    ("totp", PageField::Flag),
    ("webauthn", PageField::Flag),
    ("has_password", PageField::Flag),
    ("login_ids_json", PageField::Json),
    ("roles_json", PageField::Json),
    ("elsewhere", PageField::Flag),
];

/// A user of a tenant-scoped page as [`Db::tenant_page`] reads it: a JSON array of
/// [`PAGE_USER_FIELDS`], which serde reads into these fields in their order.
#[derive(Debug, serde::Deserialize)]
struct PageUser {
    id: String,
    name: String,
    given_name: String,
    middle_name: String,
    family_name: String,
    email: String,
    phone: String,
    verified_email: i64,
    verified_phone: i64,
    status: String,
    custom_attributes: String,
    picture: String,
    created: i64,
    test: i64,
    totp: i64,
    webauthn: i64,
    has_password: i64,
    login_ids: Vec<String>,
    role_names: Vec<String>,
    elsewhere: i64,
}

impl PageUser {
    /// Sorts the login ids and role names as SQLite's `ORDER BY` does (bytes, its `BINARY`
    /// collation), where [`Db::push_page_columns`] leaves that to us.
    fn sort_lists(&mut self) {
        self.login_ids.sort_unstable();
        self.role_names.sort_unstable();
    }

    /// A row of [`PAGE_USER_FIELDS`]' columns, in their order (a reader's page).
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        let list = |index: usize| -> rusqlite::Result<Vec<String>> {
            serde_json::from_str(&row.get::<_, String>(index)?).map_err(|error| {
                rusqlite::Error::FromSqlConversionFailure(
                    index,
                    rusqlite::types::Type::Text,
                    Box::new(error),
                )
            })
        };
        Ok(Self {
            id: row.get(0)?,
            name: row.get(1)?,
            given_name: row.get(2)?,
            middle_name: row.get(3)?,
            family_name: row.get(4)?,
            email: row.get(5)?,
            phone: row.get(6)?,
            verified_email: row.get(7)?,
            verified_phone: row.get(8)?,
            status: row.get(9)?,
            custom_attributes: row.get(10)?,
            picture: row.get(11)?,
            created: row.get(12)?,
            test: row.get(13)?,
            totp: row.get(14)?,
            webauthn: row.get(15)?,
            has_password: row.get(16)?,
            login_ids: list(17)?,
            role_names: list(18)?,
            elsewhere: row.get(19)?,
        })
    }

    /// The same record [`Db::complete_records`] makes for `tenant` (named `tenant_name`).
    fn into_record(self, tenant: &TenantId, tenant_name: String) -> Result<UserRecord> {
        let status = parse_status(&self.status)?;
        Ok(UserRecord {
            id: UserId::new(self.id),
            login_ids: self.login_ids.into_iter().map(LoginId::new).collect(),
            name: self.name,
            given_name: self.given_name,
            middle_name: self.middle_name,
            family_name: self.family_name,
            email: self.email,
            phone: self.phone,
            verified_email: self.verified_email != 0,
            verified_phone: self.verified_phone != 0,
            status,
            custom_attributes: serde_json::from_str(&self.custom_attributes)
                .map_err(Error::internal)?,
            picture: self.picture,
            created: self.created,
            test: self.test != 0,
            has_password: self.has_password != 0,
            totp: self.totp != 0,
            webauthn: self.webauthn != 0,
            tenants: vec![Membership {
                tenant_id: tenant.clone(),
                tenant_name,
                role_names: self.role_names,
            }],
            project_roles: Vec::new(),
            shared: self.elsewhere != 0,
        })
    }
}

/// [`Db::tenant_page`]'s first `page` (ordered by `order`) and the total `request` is kept at,
/// on SQLite's readers ([`reader`](super::reader)): read row by row on the request's own
/// thread, which hands nothing across threads, so the database builds no JSON for serde to
/// read back (that was a tenth of the server's time under `cargo xtask bench-load`). Without a
/// user on the page, the total is 0 (the same snapshot).
fn first_page_rows(
    readers: &Readers,
    page: Sql,
    order: &str,
    tenant: &TenantId,
    request: &UserSearchRequest,
) -> Result<(Vec<UserRecord>, Option<u64>)> {
    let columns = PAGE_USER_FIELDS
        .iter()
        .map(|(column, _)| format!("p.{column}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut page = page.within(
        &format!("SELECT {columns}, p.tenant_name, c.total FROM ("),
        ") p, (SELECT ",
    );
    push_kept_total(&mut page, tenant.as_str(), request);
    page.push(&format!(" AS total) c ORDER BY {order}"));
    // By position (a name is looked up among every column, per row): the user's columns, then
    // the tenant's name and the total.
    let (tenant_name_column, total_column) = (PAGE_USER_FIELDS.len(), PAGE_USER_FIELDS.len() + 1);
    let mut total: i64 = 0;
    let mut tenant_name: Option<String> = None;
    let users = readers.rows(&page, |row| {
        total = row.get(total_column)?;
        tenant_name = row.get(tenant_name_column)?;
        PageUser::from_row(row)
    })?;
    let users = page_records(users, tenant, &tenant_name.unwrap_or_default(), true)?;
    Ok((users, Some(u64::try_from(total).unwrap_or_default())))
}

/// The records of a tenant's page (`tenant`, named `tenant_name`) read as [`PageUser`]s, with
/// each user's login ids and role names sorted when `sort_lists` (SQLite, which
/// [`Db::push_page_columns`] leaves them unsorted on).
fn page_records(
    users: Vec<PageUser>,
    tenant: &TenantId,
    tenant_name: &str,
    sort_lists: bool,
) -> Result<Vec<UserRecord>> {
    users
        .into_iter()
        .map(|mut user| {
            if sort_lists {
                user.sort_lists();
            }
            user.into_record(tenant, tenant_name.to_owned())
        })
        .collect()
}

fn user_from_row(row: &AnyRow) -> Result<UserRecord> {
    let custom_attributes: String = row.try_get("custom_attributes")?;
    Ok(UserRecord {
        id: UserId::new(row.try_get::<String, _>("id")?),
        login_ids: Vec::new(),
        name: row.try_get("name")?,
        given_name: row.try_get("given_name")?,
        middle_name: row.try_get("middle_name")?,
        family_name: row.try_get("family_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        verified_email: flag(row, "verified_email")?,
        verified_phone: flag(row, "verified_phone")?,
        status: status_from_row(row)?,
        custom_attributes: serde_json::from_str(&custom_attributes).map_err(Error::internal)?,
        picture: row.try_get("picture")?,
        created: row.try_get("created")?,
        test: flag(row, "test")?,
        has_password: row.try_get::<i64, _>("has_password")? != 0,
        totp: flag(row, "totp")?,
        webauthn: flag(row, "webauthn")?,
        tenants: Vec::new(),
        project_roles: Vec::new(),
        shared: false,
    })
}

/// Grants keyed by tenant id, as the `tenants` claim carries them.
pub fn tenants_claim(grants: &UserGrants) -> BTreeMap<String, TenantGrants> {
    grants
        .tenants
        .iter()
        .map(|(tenant, grants)| (tenant.as_str().to_owned(), grants.clone()))
        .collect()
}

/// Appends `{user_column} IN (<the ids of the users request matches in scope>)`, the search's
/// own filters, for a count among a search's matches elsewhere (a bulk action's impact,
/// [`Db::bulk_role_holders`]).
pub(crate) fn push_matching(
    sql: &mut Sql,
    backend: Backend,
    user_column: &str,
    scope: &Scope,
    request: &UserSearchRequest,
) {
    sql.push(user_column)
        .push(" IN (SELECT u.id FROM users u WHERE ");
    push_filters(sql, backend, scope, request, None, None, Purpose::Count);
    sql.push(")");
}

/// Users' login ids by user id, each user's in order ([`Db::login_ids_of`]).
#[derive(Debug, Default)]
pub(crate) struct LoginIds(HashMap<String, Vec<String>>);

impl LoginIds {
    /// The login ids of `id`: none for an id of no user (`mgmt:<keyId>`, a deleted user's).
    pub(crate) fn of(&self, id: &str) -> Vec<String> {
        self.0.get(id).cloned().unwrap_or_default()
    }
}
