//! The access-key list with no DOM code: rows as the table shows them, the query (search, sort,
//! page), what "expired" and "expires soon" mean at a given time, the expiry choices of the create
//! form, permitted addresses typed one per line, and dates as text.
//!
//! Time is a parameter (`now`, epoch seconds) everywhere here: the component reads the clock once
//! per render, and the tests pick their own.

use crate::collections::sort;
use crate::list::{ListQuery, ListRow, Page, SearchTarget, searched_sorted_paged};
use tenantkit_client::ApiError;
use tenantkit_wire::SortField;
use tenantkit_wire::access_key::{AccessKey, AccessKeySearchRequest, KeyStatus};
pub use tenantkit_wire::calendar::DAY;
use tenantkit_wire::calendar::parse_date;

/// A key expiring within this many days shows a warning.
pub const EXPIRY_WARNING_DAYS: i64 = 7;

/// What the status column says: the stored status, or "expired", which follows from the expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Can be exchanged.
    Active,
    /// Deactivated by an admin.
    Inactive,
    /// Past its expiry (whatever its stored status): it can never be used or activated again.
    Expired,
}

/// One access key as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    /// The key's id: not secret; the cleartext starts with `tk_<id>_`, so a leaked key can be
    /// found in the list.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Stored status.
    pub status: KeyStatus,
    /// Expiry, epoch seconds; 0 = never.
    pub expire_time: i64,
    /// Roles in the tenant.
    pub roles: Vec<String>,
    /// Addresses and ranges it may be used from; empty = anywhere.
    pub permitted_ips: Vec<String>,
    /// Who created it (a user id, `mgmt:<keyId>` or `cli`).
    pub created_by: String,
    /// The creator's first login id, when the creator is a user who still exists.
    pub created_by_login: Option<String>,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// Last successful exchange, epoch seconds; 0 = never.
    pub last_used_time: i64,
    /// Whether the signed-in admin may change it.
    pub editable: bool,
}

impl From<&AccessKey> for KeyRow {
    fn from(key: &AccessKey) -> Self {
        let mut roles = key.role_names.clone();
        sort(&mut roles);
        Self {
            id: key.id.clone(),
            name: key.name.clone(),
            description: key.description.clone(),
            status: key.status,
            expire_time: key.expire_time,
            roles,
            permitted_ips: key.permitted_ips.clone(),
            created_by: key.created_by.clone(),
            created_by_login: key.created_by_external_ids.first().cloned(),
            created_time: key.created_time,
            last_used_time: key.last_used_time,
            editable: key.editable.unwrap_or(true),
        }
    }
}

impl KeyRow {
    /// Expired at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expire_time > 0 && self.expire_time <= now
    }

    /// What the status column says at `now`.
    pub fn state(&self, now: i64) -> KeyState {
        if self.is_expired(now) {
            KeyState::Expired
        } else {
            match self.status {
                KeyStatus::Active => KeyState::Active,
                KeyStatus::Inactive => KeyState::Inactive,
            }
        }
    }

    /// Whole days left when the key expires within [`EXPIRY_WARNING_DAYS`] (0: within a day);
    /// `None` when it never expires, has expired, or has longer to go.
    pub fn expires_soon(&self, now: i64) -> Option<i64> {
        let left = self.expire_time - now;
        (self.expire_time > 0 && left > 0 && left < EXPIRY_WARNING_DAYS * DAY).then_some(left / DAY)
    }
}

/// The selected keys an activation may go to, and the expired ones it must leave out (the server
/// refuses to activate an expired key, and would refuse the whole batch).
pub fn split_expired(rows: &[KeyRow], now: i64) -> (Vec<KeyRow>, Vec<KeyRow>) {
    rows.iter().cloned().partition(|row| !row.is_expired(now))
}

/// A column the key table can be sorted by, with its wire field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySortColumn {
    /// The name.
    Name,
    /// The stored status.
    Status,
    /// The expiry.
    Expires,
    /// When it was created.
    Created,
    /// When it was last used.
    LastUsed,
}

impl KeySortColumn {
    /// The field name the server sorts by.
    pub fn field(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Status => "status",
            Self::Expires => "expireTime",
            Self::Created => "createdTime",
            Self::LastUsed => "lastUsedTime",
        }
    }
}

/// Keys per page before the admin chooses another size (one of [`super::PAGE_SIZES`]).
pub const DEFAULT_KEY_PAGE_SIZE: u32 = 25;

/// What the key table asks the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyQuery {
    /// Free text over name, description and id (the server matches it).
    pub text: String,
    /// Sort column and whether descending.
    pub sort: Option<(KeySortColumn, bool)>,
    /// 0-based page.
    pub page: u32,
    /// Keys per page.
    pub page_size: u32,
}

impl Default for KeyQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            sort: None,
            page: 0,
            page_size: DEFAULT_KEY_PAGE_SIZE,
        }
    }
}

impl KeyQuery {
    /// The search request for the current page (widget mode: the `?tenant=` tenant's keys).
    pub fn request(&self) -> AccessKeySearchRequest {
        AccessKeySearchRequest {
            text: self.text.trim().to_owned(),
            sort: self
                .sort
                .map(|(column, desc)| SortField {
                    field: column.field().to_owned(),
                    desc,
                })
                .into_iter()
                .collect(),
            limit: self.page_size,
            page: self.page,
            ..AccessKeySearchRequest::default()
        }
    }
}

impl ListQuery for KeyQuery {
    type Row = KeyRow;
    type Column = KeySortColumn;

    async fn fetch(self, target: SearchTarget) -> Result<Page<KeyRow>, ApiError> {
        let response = target.client().search_access_keys(&self.request()).await?;
        Ok(Page {
            rows: response.keys.iter().map(KeyRow::from).collect(),
            total: response.total,
            capped: false,
            searched_newest: None,
        })
    }

    searched_sorted_paged!();

    /// True when a search narrows the list (so "no keys" means "none match").
    fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

impl ListRow for KeyRow {
    type Key = String;

    fn key(&self) -> String {
        self.id.clone()
    }

    fn selectable(&self) -> bool {
        self.editable
    }
}

/// When a new key expires, as the create form offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expiry {
    /// This many days from now.
    Days(i64),
    /// Never.
    Never,
    /// At the end of this day (`YYYY-MM-DD`, UTC), as a date input gives it.
    Date(String),
}

/// The presets of the create form, in order, by their form value.
pub const EXPIRY_PRESETS: [(&str, Expiry); 5] = [
    ("30", Expiry::Days(30)),
    ("60", Expiry::Days(60)),
    ("90", Expiry::Days(90)),
    ("365", Expiry::Days(365)),
    ("never", Expiry::Never),
];

/// Why a chosen expiry cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryError {
    /// No date or not a date.
    NotADate,
    /// The date is today or earlier.
    NotInFuture,
}

impl Expiry {
    /// The wire `expireTime` at `now`: epoch seconds, 0 = never.
    pub fn expire_time(&self, now: i64) -> Result<i64, ExpiryError> {
        match self {
            Self::Days(days) => Ok(now + days * DAY),
            Self::Never => Ok(0),
            Self::Date(text) => {
                let end_of_day = parse_date(text).ok_or(ExpiryError::NotADate)? + DAY - 1;
                if end_of_day <= now {
                    Err(ExpiryError::NotInFuture)
                } else {
                    Ok(end_of_day)
                }
            }
        }
    }
}

/// The entries of a permitted-address field: one per line (commas and spaces separate too),
/// blanks dropped.
pub fn address_lines(text: &str) -> Vec<String> {
    text.split(|c: char| c == '\n' || c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::calendar::date_text;

    const NOW: i64 = 1_750_000_000; // 2025-06-15T15:06:40Z

    fn row(status: KeyStatus, expire_time: i64) -> KeyRow {
        KeyRow::from(&AccessKey {
            id: "K1".into(),
            name: "CI".into(),
            status,
            expire_time,
            role_names: vec!["b".into(), "a".into()],
            ..AccessKey::default()
        })
    }

    #[test]
    fn expired_follows_from_the_expiry_whatever_the_status() {
        assert_eq!(row(KeyStatus::Active, 0).state(NOW), KeyState::Active);
        assert_eq!(row(KeyStatus::Inactive, 0).state(NOW), KeyState::Inactive);
        assert_eq!(row(KeyStatus::Active, NOW).state(NOW), KeyState::Expired);
        assert_eq!(
            row(KeyStatus::Inactive, NOW - 1).state(NOW),
            KeyState::Expired
        );
        assert_eq!(row(KeyStatus::Active, NOW + 1).state(NOW), KeyState::Active);
        assert_eq!(row(KeyStatus::Active, 0).roles, ["a", "b"]);
    }

    #[test]
    fn a_warning_shows_in_the_last_week() {
        assert_eq!(row(KeyStatus::Active, 0).expires_soon(NOW), None);
        assert_eq!(row(KeyStatus::Active, NOW - 5).expires_soon(NOW), None);
        assert_eq!(
            row(KeyStatus::Active, NOW + 3600).expires_soon(NOW),
            Some(0)
        );
        assert_eq!(
            row(KeyStatus::Active, NOW + 3 * DAY + 5).expires_soon(NOW),
            Some(3)
        );
        assert_eq!(
            row(KeyStatus::Active, NOW + 7 * DAY).expires_soon(NOW),
            None
        );
    }

    #[test]
    fn activation_leaves_expired_keys_out() {
        let rows = [
            row(KeyStatus::Inactive, NOW - 1),
            row(KeyStatus::Inactive, 0),
        ];
        let (activatable, expired) = split_expired(&rows, NOW);
        assert_eq!((activatable.len(), expired.len()), (1, 1));
        assert_eq!(expired[0].expire_time, NOW - 1);
    }

    #[test]
    fn expiry_choices_become_wire_times() {
        assert_eq!(Expiry::Days(30).expire_time(NOW), Ok(NOW + 30 * DAY));
        assert_eq!(Expiry::Never.expire_time(NOW), Ok(0));
        let tomorrow = Expiry::Date("2025-06-16".into()).expire_time(NOW);
        assert_eq!(tomorrow.map(date_text), Ok("2025-06-16".to_owned()));
        assert_eq!(tomorrow, Ok(parse_date("2025-06-17").unwrap_or(0) - 1));
        assert_eq!(
            Expiry::Date("2025-06-14".into()).expire_time(NOW),
            Err(ExpiryError::NotInFuture)
        );
        assert_eq!(
            Expiry::Date(String::new()).expire_time(NOW),
            Err(ExpiryError::NotADate)
        );
    }

    #[test]
    fn addresses_are_one_per_line() {
        assert_eq!(
            address_lines(" 10.0.0.0/8\n\n2001:db8::/32, 192.0.2.1 \n"),
            ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"]
        );
        assert!(address_lines("  \n").is_empty());
    }

    #[test]
    fn the_query_asks_for_the_page_and_sort() {
        let query = KeyQuery {
            text: " ci ".into(),
            sort: Some((KeySortColumn::Expires, true)),
            page: 1,
            page_size: 10,
        };
        let request = query.request();
        assert_eq!(request.text, "ci");
        assert_eq!((request.limit, request.page), (10, 1));
        assert_eq!(request.sort[0].field, "expireTime");
        assert!(request.sort[0].desc && query.is_filtered());
    }
}
