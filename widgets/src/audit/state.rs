//! The audit log as the widget shows it, with no DOM code: rows (one event each, with its
//! details), the query (time range, text, action, page) and how a time range becomes the
//! request's `from` and `to`. The clock is a parameter: [`AuditQuery::request`] takes "now".

use crate::collections::VecMap;
use crate::list::{ListQuery, ListRow, Page, SearchTarget, Unsorted};
use tenantkit_client::ApiError;
use tenantkit_wire::calendar;
use tenantkit_wire::tenant::{AuditRecord, AuditSearchRequest};

/// The time ranges an admin can choose, newest events first in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRange {
    /// The last 60 minutes.
    LastHour,
    /// The last 24 hours.
    LastDay,
    /// The last 7 days.
    LastWeek,
    /// The last 30 days.
    LastMonth,
    /// Everything the server keeps.
    All,
    /// From and to as the admin types them (either may be open).
    Custom,
}

const HOUR_MS: i64 = 60 * 60 * 1000;

impl TimeRange {
    /// Every range, in the order the picker offers them.
    pub const ALL: [Self; 6] = [
        Self::LastHour,
        Self::LastDay,
        Self::LastWeek,
        Self::LastMonth,
        Self::All,
        Self::Custom,
    ];

    /// The `<option>` value.
    pub fn value(self) -> &'static str {
        match self {
            Self::LastHour => "1h",
            Self::LastDay => "24h",
            Self::LastWeek => "7d",
            Self::LastMonth => "30d",
            Self::All => "all",
            Self::Custom => "custom",
        }
    }

    /// The range an `<option>` value names.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|range| range.value() == value)
    }

    /// How far back a preset reaches; `None` for [`TimeRange::All`] and [`TimeRange::Custom`].
    pub fn span_ms(self) -> Option<i64> {
        match self {
            Self::LastHour => Some(HOUR_MS),
            Self::LastDay => Some(24 * HOUR_MS),
            Self::LastWeek => Some(7 * 24 * HOUR_MS),
            Self::LastMonth => Some(30 * 24 * HOUR_MS),
            Self::All | Self::Custom => None,
        }
    }
}

/// Events per page before the admin chooses another size (one of [`super::PAGE_SIZES`]).
pub const DEFAULT_AUDIT_PAGE_SIZE: u32 = 25;

/// What the audit table asks the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// Free text over action, actor, user (ids and login ids), address and details.
    pub text: String,
    /// Only events with this action.
    pub action: Option<String>,
    /// The time range.
    pub range: TimeRange,
    /// Start of a [`TimeRange::Custom`] range, epoch milliseconds (inclusive).
    pub custom_from: Option<i64>,
    /// End of a [`TimeRange::Custom`] range, epoch milliseconds (inclusive).
    pub custom_to: Option<i64>,
    /// 0-based page.
    pub page: u32,
    /// Events per page.
    pub page_size: u32,
}

impl Default for AuditQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            action: None,
            range: TimeRange::LastWeek,
            custom_from: None,
            custom_to: None,
            page: 0,
            page_size: DEFAULT_AUDIT_PAGE_SIZE,
        }
    }
}

impl AuditQuery {
    /// `from` and `to` (epoch ms) of the range at `now_ms`. Presets leave `to` open, so events
    /// recorded after the request still count as "the last hour".
    pub fn bounds(&self, now_ms: i64) -> (Option<i64>, Option<i64>) {
        match self.range {
            TimeRange::Custom => (self.custom_from, self.custom_to),
            range => (range.span_ms().map(|span| now_ms - span), None),
        }
    }

    /// The search request for page `page` of `page_size` events at `now_ms`.
    pub fn request(&self, page: u32, page_size: u32, now_ms: i64) -> AuditSearchRequest {
        let (from, to) = self.bounds(now_ms);
        AuditSearchRequest {
            actions: self.action.clone().into_iter().collect(),
            from,
            to,
            text: self.text.trim().to_owned(),
            limit: Some(page_size),
            page,
            ..AuditSearchRequest::default()
        }
    }
}

impl ListQuery for AuditQuery {
    type Row = AuditRow;
    type Column = Unsorted;

    async fn fetch(self, target: SearchTarget) -> Result<Page<AuditRow>, ApiError> {
        // The one place the audit list reads the clock: presets are relative to the request.
        let now_ms = js_sys::Date::now() as i64;
        let response = target
            .client()
            .search_audit(&self.request(self.page, self.page_size, now_ms))
            .await?;
        Ok(Page {
            rows: rows_of(&response.audits),
            total: response.total,
            capped: response.total_capped,
            searched_newest: response.searched_newest,
        })
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        Some(&mut self.text)
    }

    fn paging_mut(&mut self) -> Option<(&mut u32, &mut u32)> {
        Some((&mut self.page, &mut self.page_size))
    }

    /// True when a filter narrows the list (so "no events" means "none match"). A preset time
    /// range counts: older events may exist.
    fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty() || self.action.is_some() || self.range != TimeRange::All
    }
}

impl ListRow for AuditRow {
    type Key = String;

    fn key(&self) -> String {
        self.key.clone()
    }
}

/// One event as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Unique within its page (the wire has no event id): time, action, user, actor and how
    /// many identical events came before it on the page (see [`rows_of`]).
    pub key: String,
    /// When, epoch milliseconds (0 when the server sent no number).
    pub occurred_ms: i64,
    /// What happened, as recorded (`UserCreated`).
    pub action: String,
    /// `info`, `warn` or `error`.
    pub kind: String,
    /// Who did it: their first login id when the server knows it, else the recorded id.
    pub actor: String,
    /// The recorded actor id (a user id, `mgmt:<key>`, `cli`).
    pub actor_id: String,
    /// Whom it concerns: their first login id when known, else the user id ("" for none).
    pub user: String,
    /// The recorded user id.
    pub user_id: String,
    /// The client address.
    pub remote_address: String,
    /// The tenants it concerns.
    pub tenants: Vec<String>,
    /// The details as key and text value, in the server's order (nested values as JSON).
    pub data: Vec<(String, String)>,
}

impl From<&AuditRecord> for AuditRow {
    /// The row of `record`, keyed as the first of its kind on the page ([`rows_of`] counts).
    fn from(record: &AuditRecord) -> Self {
        let occurred_ms = record.occurred.trim().parse().unwrap_or_default();
        let first_or = |ids: &[String], fallback: &str| {
            ids.first().cloned().unwrap_or_else(|| fallback.to_owned())
        };
        Self {
            key: format!(
                "{occurred_ms}|{}|{}|{}",
                record.action, record.user_id, record.actor_id
            ),
            occurred_ms,
            action: record.action.clone(),
            kind: record.kind.clone(),
            actor: first_or(&record.actor_external_ids, &record.actor_id),
            actor_id: record.actor_id.clone(),
            user: first_or(&record.external_ids, &record.user_id),
            user_id: record.user_id.clone(),
            remote_address: record.remote_address.clone(),
            tenants: record.tenants.clone(),
            data: data_entries(&record.data),
        }
    }
}

/// The rows of one page, with keys unique on it: identical events get a running number.
pub fn rows_of(records: &[AuditRecord]) -> Vec<AuditRow> {
    let mut seen: VecMap<String, usize> = VecMap::new();
    records
        .iter()
        .map(|record| {
            let mut row = AuditRow::from(record);
            let count = seen.entry(row.key.clone()).or_default();
            row.key = format!("{}|{count}", row.key);
            *count += 1;
            row
        })
        .collect()
}

/// An event's `data` as key and text pairs: strings as they are, anything else as JSON; a value
/// that is not an object is one entry named `data`.
pub fn data_entries(data: &serde_json::Value) -> Vec<(String, String)> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => tenantkit_client::to_json(other).unwrap_or_default(),
    };
    match data {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(key, value)| (key.clone(), text(value)))
            .collect(),
        serde_json::Value::Null => Vec::new(),
        other => vec![("data".to_owned(), text(other))],
    }
}

/// `2024-05-01T13:45:07.123Z`: epoch milliseconds as ISO 8601 in UTC (for `<time datetime>` and
/// the CSV export, which must not depend on the viewer's time zone).
pub fn iso_utc(epoch_ms: i64) -> String {
    let (date, time) = date_and_time(epoch_ms);
    format!("{date}T{time}.{:03}Z", epoch_ms.rem_euclid(1000))
}

/// `YYYY-MM-DD` and `HH:MM:SS` of epoch milliseconds, in UTC.
fn date_and_time(epoch_ms: i64) -> (String, String) {
    let seconds = epoch_ms.div_euclid(1000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = calendar::civil_from_days(days);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!(
            "{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(action: &str, occurred: &str) -> AuditRecord {
        AuditRecord {
            action: action.to_owned(),
            occurred: occurred.to_owned(),
            user_id: "U1".to_owned(),
            actor_id: "U2".to_owned(),
            external_ids: vec!["ada@acme.test".to_owned()],
            data: serde_json::json!({"loginId": "ada@acme.test", "roles": ["A", "B"], "n": 2}),
            ..AuditRecord::default()
        }
    }

    #[test]
    fn presets_reach_back_from_now_and_leave_the_end_open() {
        let now = 10 * 24 * HOUR_MS;
        let query = AuditQuery {
            range: TimeRange::LastDay,
            ..AuditQuery::default()
        };
        assert_eq!(query.bounds(now), (Some(now - 24 * HOUR_MS), None));
        let all = AuditQuery {
            range: TimeRange::All,
            ..AuditQuery::default()
        };
        assert_eq!(all.bounds(now), (None, None));
        assert!(!all.is_filtered() && query.is_filtered());
        let custom = AuditQuery {
            range: TimeRange::Custom,
            custom_from: Some(5),
            custom_to: Some(9),
            ..AuditQuery::default()
        };
        assert_eq!(custom.bounds(now), (Some(5), Some(9)));
    }

    #[test]
    fn the_request_carries_filter_and_page() {
        let query = AuditQuery {
            text: " ada ".into(),
            action: Some("UserCreated".into()),
            range: TimeRange::All,
            page: 3,
            page_size: 10,
            ..AuditQuery::default()
        };
        let request = query.request(query.page, query.page_size, 0);
        assert_eq!(request.text, "ada");
        assert_eq!(request.actions, ["UserCreated"]);
        assert_eq!((request.limit, request.page), (Some(10), 3));
        assert_eq!((request.from, request.to), (None, None));
    }

    #[test]
    fn ranges_round_trip_through_their_option_values() {
        for range in TimeRange::ALL {
            assert_eq!(TimeRange::parse(range.value()), Some(range));
        }
        assert_eq!(TimeRange::parse("1y"), None);
    }

    #[test]
    fn rows_name_people_by_login_id_and_flatten_the_details() {
        let row = AuditRow::from(&record("UserCreated", "1714571107123"));
        assert_eq!(row.occurred_ms, 1_714_571_107_123);
        assert_eq!(row.user, "ada@acme.test");
        assert_eq!(row.actor, "U2", "no login id known: the recorded id");
        assert_eq!(
            row.data,
            [
                ("loginId".to_owned(), "ada@acme.test".to_owned()),
                ("n".to_owned(), "2".to_owned()),
                ("roles".to_owned(), "[\"A\",\"B\"]".to_owned()),
            ]
        );
    }

    #[test]
    fn identical_events_get_distinct_keys() {
        let same = record("UserModified", "1000");
        let rows = rows_of(&[same.clone(), same, record("UserModified", "999")]);
        let keys: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
        assert_eq!(keys.len(), 3);
        assert_ne!(keys[0], keys[1]);
        assert!(keys[2].ends_with("|0"));
    }

    #[test]
    fn times_print_as_iso_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(1_714_571_107_123), "2024-05-01T13:45:07.123Z");
        assert_eq!(iso_utc(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59.999Z");
    }
}
