//! The audit trail: every change writes one [`AuditEvent`], in the same transaction as the change
//! when there is one ([`record_in`]), so a change and its event land or fail together.

use super::users::sqlite_text_phrase;
use super::{Backend, Db, Sql, Tx, like_escape, new_id};
use crate::error::Result;
use sqlx::any::AnyRow;
use sqlx::{Executor, Row};
use tenantkit_wire::UserId;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::tenant::{AuditRecord, AuditSearchRequest, SHORT_TEXT_EVENTS};
use tenantkit_wire::user::TOTAL_CAP;

/// Severity of an event (the wire's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditKind {
    /// A change that happened.
    #[default]
    Info,
    /// Something refused or suspicious (a refused access-key exchange).
    Warn,
    /// A failure worth a human's look.
    Error,
}

impl AuditKind {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
        }
    }
}

/// Who did something, from where: taken once per request and handed to every event it writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    /// The acting user's id, or `mgmt:<keyId>` for a management key, `cli` for the command line.
    pub actor_id: String,
    /// The client address as the server sees it (after trusted-proxy resolution).
    pub remote_address: String,
}

impl Actor {
    /// A user acting on their own account (accepting an invitation, signing out, replacing a
    /// password, joining tenants by email domain) from `remote_address`.
    pub fn user(user_id: &UserId, remote_address: &str) -> Self {
        Self {
            actor_id: user_id.as_str().to_owned(),
            remote_address: remote_address.to_owned(),
        }
    }
}

/// One event to record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// What happened, in the Descope style (`UserCreated`, `RoleDeleted`, ...): an
    /// [`AuditAction`]'s name, or a custom event's own. Private, so only [`AuditEvent::new`] and
    /// [`AuditEvent::custom`] set it.
    action: String,
    /// Severity.
    pub kind: AuditKind,
    /// The user the event is about ('' when none).
    pub user_id: String,
    /// The tenant it happened in ('' for project-level changes).
    pub tenant_id: String,
    /// Details: what changed (never secrets).
    pub data: serde_json::Value,
}

impl AuditEvent {
    /// An `info` event about `user_id` in `tenant_id`.
    pub fn new(action: AuditAction, tenant_id: &str, user_id: &str) -> Self {
        debug_assert!(
            tenant_id.is_empty() || !action.project_wide(),
            "{} is project-wide: record it with no tenant, or make it no longer project-wide",
            action.as_str()
        );
        Self::custom(action.as_str().to_owned(), tenant_id, user_id)
    }

    /// An `info` event about `user_id` in `tenant_id` whose action is whatever its caller sent:
    /// a custom event from `POST /v1/mgmt/audit/event`.
    pub fn custom(action: String, tenant_id: &str, user_id: &str) -> Self {
        Self {
            action,
            kind: AuditKind::Info,
            user_id: user_id.to_owned(),
            tenant_id: tenant_id.to_owned(),
            data: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    /// The same event with `data`.
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = data;
        self
    }

    /// The same event with another severity.
    pub fn with_kind(mut self, kind: AuditKind) -> Self {
        self.kind = kind;
        self
    }
}

impl Db {
    /// Records `event` by `actor` at `now_ms` (epoch milliseconds), outside any transaction.
    pub async fn record_audit(&self, actor: &Actor, event: &AuditEvent, now_ms: i64) -> Result<()> {
        insert(&self.pool, actor, event, now_ms).await
    }
}

/// Records `event` inside `tx`, so it commits (or rolls back) with the change it describes.
pub async fn record_in(
    tx: &mut Tx<'_>,
    actor: &Actor,
    event: &AuditEvent,
    now_ms: i64,
) -> Result<()> {
    insert(&mut **tx, actor, event, now_ms).await
}

async fn insert<'e, E>(executor: E, actor: &Actor, event: &AuditEvent, now_ms: i64) -> Result<()>
where
    E: Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_events \
         (id, occurred, actor_id, user_id, action, kind, tenant_id, remote_address, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id('A'))
    .bind(now_ms)
    .bind(actor.actor_id.as_str())
    .bind(event.user_id.as_str())
    .bind(event.action.as_str())
    .bind(event.kind.as_str())
    .bind(event.tenant_id.as_str())
    .bind(actor.remote_address.as_str())
    .bind(event.data.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

/// Default and largest page of an audit search.
const DEFAULT_AUDIT_PAGE: u32 = 100;
const MAX_AUDIT_PAGE: u32 = 1000;

/// One page of an audit search.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    /// The events of the page, newest first.
    pub audits: Vec<AuditRecord>,
    /// How many events match across all pages; [`TOTAL_CAP`] when `total_capped`.
    pub total: u64,
    /// More than [`TOTAL_CAP`] events match: `total` is a lower bound ("10,000+").
    pub total_capped: bool,
    /// A short text was looked for among this many events only, the newest the other filters
    /// keep ([`SHORT_TEXT_EVENTS`]); `None` when every event they keep was searched.
    pub searched_newest: Option<u64>,
}

/// The page of `audits` of a search `counted` events match (counted up to [`TOTAL_CAP`] + 1 at
/// least), its total capped at [`TOTAL_CAP`].
fn capped_page(audits: Vec<AuditRecord>, counted: u64) -> AuditPage {
    AuditPage {
        audits,
        total: counted.min(TOTAL_CAP),
        total_capped: counted > TOTAL_CAP,
        searched_newest: None,
    }
}

impl Db {
    /// One page of events matching `request`, newest first, with the total, counted up to
    /// [`TOTAL_CAP`] (a tenant of 1,000,000 events is not counted whole for each page). In a
    /// tenant scope only that tenant's events.
    pub async fn search_audit(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
    ) -> Result<AuditPage> {
        let text = match request.text.trim() {
            "" => None,
            text => Some(self.plan_text(scope, request, text).await?),
        };
        let text = text.as_ref();
        let limit = request
            .size
            .or(request.limit)
            .filter(|size| *size > 0)
            .unwrap_or(DEFAULT_AUDIT_PAGE)
            .min(MAX_AUDIT_PAGE);
        if let Some(text) = text.filter(|text| text.newest_only()) {
            return self.search_newest(scope, request, text, limit).await;
        }
        // SQLite: a page read from few candidates reads every one of them to sort them, so it
        // counts its matches in the same pass.
        let counted_with_page =
            text.is_some_and(|text| text.candidates_for(Purpose::Page).is_some());
        let counted = if counted_with_page {
            None
        } else {
            let counted = self
                .count_audit(scope, request, text, TOTAL_CAP + 1)
                .await?;
            if counted == 0 {
                return Ok(capped_page(Vec::new(), 0));
            }
            Some(counted)
        };
        let mut page = Sql::new(
            "SELECT occurred, actor_id, user_id, action, kind, tenant_id, remote_address, data ",
        );
        if counted_with_page {
            page.push(", COUNT(*) OVER () AS matches ");
        }
        if text.is_some_and(|text| text.trigram_index) {
            page.planned_for_its_values();
        }
        push_source(&mut page, text, Purpose::Page);
        push_filters(&mut page, scope, request, text);
        let mut offset = i64::from(request.page) * i64::from(limit);
        if text.is_none() && offset > 0 {
            // A later page starts at the event `offset` places down the order, found by the
            // indexes alone (an index-only scan: occurred and id are in each of them), and
            // its events are read from there: `OFFSET` read every skipped event's row. Page
            // 10,000 of a tenant's 1,000,000 events: on PostgreSQL 38-60 ms against 118-154 by
            // hand; on SQLite 23.7 against 33.1 (medians of 15 by hand). Further down than the
            // widget pages, the hour counts skip whole hours first (`hour_holding`).
            let mut hour_end = None;
            if let Some(tenant) = unfiltered_tenant(scope, request)
                && offset >= DEEP_OFFSET
            {
                let Some(hour) = self.hour_holding(tenant, offset).await? else {
                    // Past the tenant's last event.
                    return Ok(capped_page(Vec::new(), counted.unwrap_or_default()));
                };
                hour_end = Some(hour.end);
                offset -= hour.later_events;
            }
            page.push(" AND (occurred, id) <= (SELECT occurred, id ");
            push_source(&mut page, None, Purpose::Page);
            push_filters(&mut page, scope, request, None);
            if let Some(end) = hour_end {
                page.push(" AND occurred < ").bind(end);
            }
            page.push(" ORDER BY occurred DESC, id DESC LIMIT 1 OFFSET ")
                .bind(offset)
                .push(")");
            page.push(" ORDER BY occurred DESC, id DESC LIMIT ")
                .bind(i64::from(limit));
        } else {
            // The order of the audit_events_tenant_* indexes (migration 0121), read backwards.
            page.push(" ORDER BY occurred DESC, id DESC LIMIT ")
                .bind(i64::from(limit));
            page.push(" OFFSET ").bind(offset);
        }
        let rows = page.query().fetch_all(&self.pool).await?;
        let counted = match (counted, rows.first()) {
            (Some(counted), _) => counted,
            (None, Some(row)) => {
                u64::try_from(row.try_get::<i64, _>("matches")?).unwrap_or_default()
            }
            (None, None) if request.page == 0 => 0,
            // A page past the last match: counted apart.
            (None, None) => {
                self.count_audit(scope, request, text, TOTAL_CAP + 1)
                    .await?
            }
        };
        Ok(capped_page(self.records(&rows).await?, counted))
    }

    /// A search for a text of one or two characters: no index holds pieces that short, so it
    /// checks each of the newest [`SHORT_TEXT_EVENTS`] events the other filters keep, and no
    /// more. The page and its total come from one pass over them (`COUNT(*) OVER ()`); a
    /// second pass counts only for a page past the last match. Checking all 1,000,000 events of a
    /// tenant for letters none holds took 1.4 s on SQLite, 0.33 s on PostgreSQL (README, issue
    /// 17's twenty-fifth round).
    async fn search_newest(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        text: &TextPlan,
        limit: u32,
    ) -> Result<AuditPage> {
        // The matches are counted and put in order by their ids and times alone, and only the
        // page's events are then read whole: with every match's whole row sorted, a text that
        // 2,429 of the 10,000 events hold took 53-79 ms in the sqlite3 shell, against 39-42
        // (README, issue 17's twenty-seventh round).
        let mut page = Sql::new(
            "SELECT e.occurred, e.actor_id, e.user_id, e.action, e.kind, e.tenant_id, \
             e.remote_address, e.data, m.matches, m.searched \
             FROM (SELECT id, occurred, COUNT(*) OVER () AS matches, ",
        );
        push_newest_count(&mut page, scope, request);
        page.push(" AS searched ");
        push_newest(&mut page, scope, request);
        push_text_filter(&mut page, text);
        page.push(" ORDER BY occurred DESC, id DESC LIMIT ")
            .bind(i64::from(limit))
            .push(" OFFSET ")
            .bind(i64::from(request.page) * i64::from(limit))
            .push(") AS m JOIN audit_events e ON e.id = m.id ORDER BY m.occurred DESC, m.id DESC");
        let rows = page.query().fetch_all(&self.pool).await?;
        let (matches, searched): (i64, i64) = match rows.first() {
            Some(row) => (row.try_get("matches")?, row.try_get("searched")?),
            // No match: only how many events were searched is left to count (by the index).
            None if request.page == 0 => {
                let mut count = Sql::new("SELECT ");
                push_newest_count(&mut count, scope, request);
                count.push(" AS searched");
                (
                    0,
                    count
                        .query()
                        .fetch_one(&self.pool)
                        .await?
                        .try_get("searched")?,
                )
            }
            // A page past the last match: counted apart.
            None => {
                let mut count = Sql::new("SELECT COUNT(*) AS matches, ");
                push_newest_count(&mut count, scope, request);
                count.push(" AS searched ");
                push_newest(&mut count, scope, request);
                push_text_filter(&mut count, text);
                let row = count.query().fetch_one(&self.pool).await?;
                (row.try_get("matches")?, row.try_get("searched")?)
            }
        };
        Ok(AuditPage {
            audits: self.records(&rows).await?,
            total: u64::try_from(matches).unwrap_or_default(),
            total_capped: false,
            searched_newest: u64::try_from(searched)
                .is_ok_and(|searched| searched >= SHORT_TEXT_EVENTS)
                .then_some(SHORT_TEXT_EVENTS),
        })
    }

    /// The wire records of the event rows `rows`, with the login ids of their users and actors.
    async fn records(&self, rows: &[AnyRow]) -> Result<Vec<AuditRecord>> {
        let mut audits = rows
            .iter()
            .map(record_from_row)
            .collect::<Result<Vec<_>>>()?;
        self.add_login_ids(&mut audits).await?;
        Ok(audits)
    }

    /// How many events match `request` (its text found as `text` says) in `scope`, counting
    /// no further than `cap`.
    async fn count_audit(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        text: Option<&TextPlan>,
        cap: u64,
    ) -> Result<u64> {
        let mut count = Sql::new("SELECT COUNT(*) AS total FROM (SELECT 1 AS one ");
        if text.is_some_and(|text| text.trigram_index) {
            // How many events hold the text decides the plan (Sql::planned_for_its_values).
            count.planned_for_its_values();
        }
        push_source(&mut count, text, Purpose::Count);
        push_filters(&mut count, scope, request, text);
        count
            .push(" LIMIT ")
            .bind(i64::try_from(cap).unwrap_or(i64::MAX))
            .push(") AS matches");
        count.fetch_total(&self.pool).await
    }

    /// How the search of `request` finds `text` (trimmed, not empty): its pattern, the users
    /// whose login ids hold it, on SQLite whether the trigram index's candidates are few enough
    /// to start from, and on PostgreSQL the rare trigrams to look up.
    async fn plan_text(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        text: &str,
    ) -> Result<TextPlan> {
        let text = text.to_lowercase();
        let pattern = format!("%{}%", like_escape(&text));
        let indexed = text.chars().count() >= 3;
        let logins = if indexed {
            self.login_matches(&text, &pattern).await?
        } else {
            Logins::EachEvent
        };
        let candidates = match (self.backend, &logins) {
            (Backend::Sqlite, Logins::Listed(_)) if indexed => {
                Some(self.fts_candidates(scope, request, &text).await?)
            }
            _ => None,
        };
        let trigram_index = indexed && self.backend == Backend::Postgres;
        let rare_trigrams = if trigram_index {
            self.rare_trigrams(scope, request, &text).await?
        } else {
            Vec::new()
        };
        Ok(TextPlan {
            lowered: text,
            pattern,
            logins,
            candidates,
            backend: self.backend,
            trigram_index,
            rare_trigrams,
        })
    }

    /// PostgreSQL: the trigrams of `text` (lower-cased, three characters or more) made of ASCII
    /// letters and digits that at most one in [`RARE_SHARE`] of the sampled events hold
    /// ([`Db::sample_holders`]), the [`RARE_TRIGRAMS`] rarest of them. pg_trgm reads the whole
    /// list of events of every trigram it is given: the 18 of `member370@bench.test` took 47 ms
    /// in a tenant of 1,000,000 events, where `r37` and `370` took 0.2 ms and left 1,210 events
    /// to check.
    async fn rare_trigrams(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        text: &str,
    ) -> Result<Vec<String>> {
        let trigrams = trigrams(text, ascii_word);
        let (counted, sampled) = self.sample_holders(scope, request, trigrams).await?;
        let rare = rare_in_sample(&counted, sampled);
        Ok(counted
            .into_iter()
            .take(rare)
            .map(|(_, trigram)| trigram)
            .collect())
    }

    /// The ids of the users a login id of whom holds `text` (lower-cased, three characters or
    /// more; `pattern` is its `LIKE` pattern), found through the users' own trigram index
    /// (migration 0003) and checked by the same `LIKE` as before; a subquery instead when more
    /// than [`LOGIN_MATCHES`] users match.
    async fn login_matches(&self, text: &str, pattern: &str) -> Result<Logins> {
        let mut sql = Sql::new(
            "SELECT DISTINCT l.user_id FROM login_ids l JOIN users u ON u.id = l.user_id WHERE ",
        );
        match self.backend {
            Backend::Sqlite => sql
                .push("u.name_rank IN (SELECT rowid FROM users_fts WHERE users_fts MATCH ")
                .bind(sqlite_text_phrase(text))
                .push(")"),
            Backend::Postgres => sql
                .push("u.search_text LIKE ")
                .bind(pattern)
                .push(" ESCAPE '\\'"),
        };
        sql.push(" AND LOWER(l.login_id) LIKE ")
            .bind(pattern)
            .push(" ESCAPE '\\' LIMIT ")
            .bind(i64::try_from(LOGIN_MATCHES + 1).unwrap_or(i64::MAX));
        let ids: Vec<String> = sql.fetch_column(&self.pool, "user_id").await?;
        Ok(if ids.len() > LOGIN_MATCHES {
            Logins::Subquery
        } else {
            Logins::Listed(ids)
        })
    }

    /// SQLite: the candidates of `text` (lower-cased, three characters or more) in `audit_fts`
    /// (migration 0122), and whether they are few, counted up to [`FEW_CANDIDATES`]: the events
    /// holding its [`RARE_TRIGRAMS`] rarest trigrams in the sampled events
    /// ([`Db::sample_holders`]), those rare as [`RARE_SHARE`] says when it has any. A common
    /// trigram beside rare ones narrows little and costs its whole list of events: with `ben`
    /// (in every event) beside `925` and `5@b`, `member925@bench.test` took 19.4 ms to count.
    /// A text with no rare trigram keeps its three rarest: common trigrams may be rare together.
    async fn fts_candidates(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        text: &str,
    ) -> Result<Candidates> {
        let (counted, sampled) = self
            .sample_holders(scope, request, trigrams(text, |_| true))
            .await?;
        let looked_up = match rare_in_sample(&counted, sampled) {
            0 => RARE_TRIGRAMS,
            rare => rare,
        };
        let query = counted
            .into_iter()
            .take(looked_up)
            .map(|(_, trigram)| format!("\"{}\"", trigram.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut sql = Sql::new("");
        push_candidate_count(&mut sql, &query);
        let together: i64 = sql.query().fetch_one(&self.pool).await?.try_get(0)?;
        Ok(Candidates {
            few: u64::try_from(together).is_ok_and(|count| count <= FEW_CANDIDATES),
            query,
        })
    }

    /// How many of the newest [`SAMPLED_EVENTS`] events `request` asks for hold each of
    /// `pieces` (trigrams, or a whole text) in their searched columns, rarest first, and how
    /// many were sampled. No database keeps a count of a trigram's events (FTS5 counted them one
    /// list at a time: 12 ms for the 18 of a login id, against 3 for the sample); the sample is
    /// read by the index the first page reads, and counted where it is: only the counts cross
    /// the connection.
    async fn sample_holders(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        pieces: Vec<String>,
    ) -> Result<(Vec<(i64, String)>, i64)> {
        let mut sample = Sql::new("SELECT COUNT(*)");
        for piece in &pieces {
            sample
                .push(", COUNT(*) FILTER (WHERE sampled_text LIKE ")
                .bind(format!("%{}%", like_escape(piece)))
                .push(" ESCAPE '\\')");
        }
        sample.push(" FROM (SELECT ").push(match self.backend {
            Backend::Postgres => "search_text",
            // Its LIKE folds case itself.
            Backend::Sqlite => {
                "action || char(10) || actor_id || char(10) || user_id || char(10) \
                 || remote_address || char(10) || data"
            }
        });
        sample.push(" AS sampled_text ");
        push_source(&mut sample, None, Purpose::Page);
        push_filters(&mut sample, scope, request, None);
        sample
            .push(" ORDER BY occurred DESC, id DESC LIMIT ")
            .bind(SAMPLED_EVENTS)
            .push(") AS sampled");
        let row = sample.query().fetch_one(&self.pool).await?;
        let sampled: i64 = row.try_get(0)?;
        let mut counted = pieces
            .into_iter()
            .enumerate()
            .map(|(i, piece)| Ok((row.try_get::<i64, _>(i + 1)?, piece)))
            .collect::<Result<Vec<_>>>()?;
        counted.sort();
        Ok((counted, sampled))
    }

    /// Fills in the login ids of the users and actors of `audits` that still exist.
    async fn add_login_ids(&self, audits: &mut [AuditRecord]) -> Result<()> {
        let login_ids = self
            .login_ids_of(
                audits
                    .iter()
                    .flat_map(|audit| [audit.user_id.as_str(), audit.actor_id.as_str()]),
            )
            .await?;
        for audit in audits {
            audit.external_ids = login_ids.of(&audit.user_id);
            audit.actor_external_ids = login_ids.of(&audit.actor_id);
        }
        Ok(())
    }

    /// The hour of `tenant`'s log that holds the event `offset` places from the newest (0 is the
    /// newest), from the hour counts (migration 0139), summed newest first; `None` when the
    /// tenant has no more events than `offset`.
    async fn hour_holding(&self, tenant: &str, offset: i64) -> Result<Option<HourHolding>> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT hour, later FROM (\
                 SELECT hour, events, CAST(SUM(events) OVER (ORDER BY hour DESC \
                     ROWS UNBOUNDED PRECEDING) AS BIGINT) - events AS later \
                 FROM audit_hour_counts WHERE tenant_id = $1\
             ) AS hours WHERE later + events > $2 ORDER BY hour DESC LIMIT 1",
        )
        .bind(tenant)
        .bind(offset)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(hour, later_events)| HourHolding {
            end: (hour + 1) * HOUR_MS,
            later_events,
        }))
    }

    /// Deletes events that occurred before `before_ms` (retention). Answers how many.
    pub async fn prune_audit(&self, before_ms: i64) -> Result<u64> {
        let deleted = sqlx::query("DELETE FROM audit_events WHERE occurred < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}

/// Pages that start at least this many events down an unfiltered tenant's log are found
/// through its hour counts ([`Db::hour_holding`]); nearer ones, every page the widget asks
/// for (its pages stop at [`TOTAL_CAP`]), walk the index from the newest event.
const DEEP_OFFSET: i64 = 10_000;
/// The span of an hour count (migration 0139), in the milliseconds of `occurred`.
const HOUR_MS: i64 = 3_600_000;

/// Where a deep page starts: in the hour that ends at `end` (epoch ms, exclusive), after the
/// `later_events` of the hours after it.
struct HourHolding {
    end: i64,
    later_events: i64,
}

/// The one tenant `request` lists every event of, with no other filter: a tenant admin's log
/// unfiltered, or a project-wide search of one tenant. The hour counts answer for it alone.
fn unfiltered_tenant<'a>(
    scope: &'a crate::capability::Scope,
    request: &'a AuditSearchRequest,
) -> Option<&'a str> {
    let tenant = match (scope.tenant_id(), scope.asked(&request.tenants)) {
        (Some(tenant), _) => tenant.as_str(),
        (None, [tenant]) => tenant.as_str(),
        _ => return None,
    };
    let filtered = !request.user_ids.is_empty()
        || !request.actions.is_empty()
        || request.from.is_some()
        || request.to.is_some();
    (!filtered).then_some(tenant)
}

/// Most users whose login ids a text matches that a search lists by id; past it they are a
/// subquery, read for each search.
const LOGIN_MATCHES: usize = 1_000;
/// Most candidates of the trigram index a SQLite text search starts from (read whole, then
/// checked and sorted): about a millisecond per thousand.
const FEW_CANDIDATES: u64 = 10_000;
/// Trigrams of a text the candidates must hold: the rarest few narrow them about as well as
/// all of them, and each more trigram is another list of events to intersect.
const RARE_TRIGRAMS: usize = 3;
/// Most trigrams of a long text counted to find the rarest ones, spread over the text. A login
/// id or an email address has them all counted: with 16, `member925@bench.test` (18) lost every
/// other one, `r92` (in none of the sampled events) among them. Each costs about 0.06 ms of the
/// sample on SQLite.
const COUNTED_TRIGRAMS: usize = 32;
/// The newest events whose searched columns tell which trigrams of a text are rare
/// ([`Db::sample_holders`]).
const SAMPLED_EVENTS: i64 = 500;
/// A trigram is rare when at most one in this many sampled events holds it.
const RARE_SHARE: i64 = 20;

/// How a search finds its text, decided once for the count and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TextPlan {
    /// The text, lower-cased.
    lowered: String,
    /// `%text%`, lower-cased, `%` `_` `\` escaped.
    pattern: String,
    /// The users a login id of whom holds the text; [`Logins::EachEvent`] for a text too short
    /// for the indexes, which is looked for among the newest events only
    /// ([`Db::search_newest`]).
    logins: Logins,
    /// SQLite: the trigram index's candidates (when the login ids matching are listed).
    candidates: Option<Candidates>,
    /// How the text is matched: PostgreSQL reads `audit_events.search_text` (migration 0138),
    /// SQLite each column ([`push_text_filter`]).
    backend: Backend,
    /// PostgreSQL, text of three characters or more: the trigram index of `search_text`
    /// (migrations 0122, 0138) narrows the events first.
    trigram_index: bool,
    /// PostgreSQL: the trigrams the index is given instead of the whole text's, when some are
    /// rare ([`Db::rare_trigrams`]).
    rare_trigrams: Vec<String>,
}

impl TextPlan {
    /// SQLite: the trigram index's candidates and the users whose login ids match, when the
    /// statement for `purpose` starts from them: when the candidates are few, or for a count
    /// when no login id matches (it stops at its cap). `None`: it walks the events.
    fn candidates_for(&self, purpose: Purpose) -> Option<(&Candidates, &[String])> {
        let (Some(candidates), Logins::Listed(logins)) = (&self.candidates, &self.logins) else {
            return None;
        };
        (candidates.few || (purpose == Purpose::Count && logins.is_empty()))
            .then_some((candidates, logins.as_slice()))
    }

    /// A text too short for the indexes: looked for among the newest events only
    /// ([`Db::search_newest`]), each event's user and actor looked up ([`Logins::EachEvent`]).
    fn newest_only(&self) -> bool {
        self.logins == Logins::EachEvent
    }
}

/// SQLite: the events of `audit_fts` that may hold a search's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidates {
    /// An FTS5 query every event holding the text matches.
    query: String,
    /// At most [`FEW_CANDIDATES`] events match it: the count and the page start from them (read
    /// whole, checked, sorted). More: the count reads them one by one until it has enough (when
    /// no login id matches), the page checks events in its own order.
    few: bool,
}

/// What a statement is for: a search's count or its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Count,
    Page,
}

/// How many of the first trigrams of `counted` (holders among `sampled` events, rarest first,
/// as [`Db::sample_holders`] answers) to look up: the rare ones, held by at most one in
/// [`RARE_SHARE`], and no more than [`RARE_TRIGRAMS`].
fn rare_in_sample(counted: &[(i64, String)], sampled: i64) -> usize {
    counted
        .iter()
        .take_while(|(holders, _)| holders.saturating_mul(RARE_SHARE) <= sampled)
        .take(RARE_TRIGRAMS)
        .count()
}

/// `SELECT COUNT(*)` of the events of `audit_fts` matching FTS5 query `query`, up to
/// [`FEW_CANDIDATES`] + 1.
fn push_candidate_count(sql: &mut Sql, query: &str) {
    sql.push("SELECT COUNT(*) FROM (SELECT 1 FROM audit_fts WHERE audit_fts MATCH ")
        .bind(query)
        .push(" LIMIT ")
        .bind(i64::try_from(FEW_CANDIDATES + 1).unwrap_or(i64::MAX))
        .push(") AS t");
}

/// The users a login id of whom holds a search's text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Logins {
    /// These (found through the users' trigram index).
    Listed(Vec<String>),
    /// Too many: a subquery over every login id.
    Subquery,
    /// A text too short for the index, looked for among the newest events only: each event's
    /// user and actor looked up (`newest.user_id`), so the work stays bounded by the events
    /// however many users the project has.
    EachEvent,
}

/// The distinct trigrams of `text` that `keep` keeps, at most [`COUNTED_TRIGRAMS`] of them,
/// spread over the text. pg_trgm looks up only trigrams of ASCII letters and digits as they
/// are in `LIKE '%trigram%'` (it splits words at anything else); FTS5's trigram tokenizer
/// keeps every trigram.
fn trigrams(text: &str, keep: fn(&[char]) -> bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut all: Vec<String> = Vec::new();
    for window in chars.windows(3).filter(|window| keep(window)) {
        let trigram: String = window.iter().collect();
        if !all.contains(&trigram) {
            all.push(trigram);
        }
    }
    let step = all.len().div_ceil(COUNTED_TRIGRAMS).max(1);
    all.into_iter().step_by(step).collect()
}

/// Whether `window` is all ASCII letters and digits (a trigram pg_trgm looks up as it is).
fn ascii_word(window: &[char]) -> bool {
    window.iter().all(char::is_ascii_alphanumeric)
}

/// `FROM ... WHERE ` of an audit search's count or page (`purpose`): the events, or on
/// SQLite the text's candidates first (the trigram index's, and the events of the users whose
/// login ids match), each then looked up, when they are few, or for a count when no login id
/// matches (it stops at its cap). `CROSS JOIN` keeps SQLite's planner from walking the
/// tenant's events instead, which it prefers without statistics.
fn push_source(sql: &mut Sql, text: Option<&TextPlan>, purpose: Purpose) {
    let Some((candidates, logins)) = text.and_then(|text| text.candidates_for(purpose)) else {
        sql.push("FROM audit_events WHERE ");
        return;
    };
    sql.push("FROM (SELECT rowid AS candidate FROM audit_fts WHERE audit_fts MATCH ")
        .bind(candidates.query.as_str());
    if !logins.is_empty() {
        for column in ["user_id", "actor_id"] {
            sql.push(" UNION SELECT rowid FROM audit_events WHERE ")
                .push(column)
                .push(" IN (")
                .bind_list(logins.iter().map(String::as_str))
                .push(")");
        }
    }
    sql.push(
        ") AS candidates CROSS JOIN audit_events \
         WHERE audit_events.rowid = candidates.candidate AND ",
    );
}

/// `FROM (...) AS newest WHERE ` of a short text's search: the newest [`SHORT_TEXT_EVENTS`]
/// events the other filters of `request` keep, read by the index the first page reads.
fn push_newest(sql: &mut Sql, scope: &crate::capability::Scope, request: &AuditSearchRequest) {
    sql.push("FROM ");
    push_newest_events(sql, scope, request, "*");
    sql.push(" AS newest WHERE 1 = 1");
}

/// `(SELECT COUNT(*) ...)`: how many events [`push_newest`] reads (an index-only count).
fn push_newest_count(
    sql: &mut Sql,
    scope: &crate::capability::Scope,
    request: &AuditSearchRequest,
) {
    sql.push("(SELECT COUNT(*) FROM ");
    push_newest_events(sql, scope, request, "1");
    sql.push(" AS window_events)");
}

/// `(SELECT columns ...)` of the newest [`SHORT_TEXT_EVENTS`] events `request` keeps but for
/// its text.
fn push_newest_events(
    sql: &mut Sql,
    scope: &crate::capability::Scope,
    request: &AuditSearchRequest,
    columns: &str,
) {
    sql.push("(SELECT ")
        .push(columns)
        .push(" FROM audit_events WHERE ");
    push_filters(sql, scope, request, None);
    sql.push(" ORDER BY occurred DESC, id DESC LIMIT ")
        .bind(i64::try_from(SHORT_TEXT_EVENTS).unwrap_or(i64::MAX))
        .push(")");
}

/// The conditions of an audit search (shared by the count and the page), after `WHERE `.
fn push_filters(
    sql: &mut Sql,
    scope: &crate::capability::Scope,
    request: &AuditSearchRequest,
    text: Option<&TextPlan>,
) {
    sql.push("1 = 1").confine("tenant_id", scope);
    let asked = scope.asked(&request.tenants);
    if !asked.is_empty() {
        sql.push(" AND tenant_id IN (")
            .bind_list(asked.iter())
            .push(")");
    }
    if !request.user_ids.is_empty() {
        sql.push(" AND user_id IN (")
            .bind_list(request.user_ids.iter())
            .push(")");
    }
    if !request.actions.is_empty() {
        sql.push(" AND action IN (")
            .bind_list(request.actions.iter())
            .push(")");
    }
    if let Some(from) = request.from {
        sql.push(" AND occurred >= ").bind(from);
    }
    if let Some(to) = request.to {
        sql.push(" AND occurred <= ").bind(to);
    }
    if let Some(text) = text {
        push_text_filter(sql, text);
    }
}

/// The searched columns, each matched by `LIKE '%text%'` (on PostgreSQL lower-cased first).
const TEXT_COLUMNS: [&str; 5] = ["action", "actor_id", "user_id", "remote_address", "data"];

/// The free-text filter: the text is a case-insensitive substring of one of [`TEXT_COLUMNS`],
/// or of a login id of the user or the actor. The same condition whatever index found the
/// candidates, so every way of finding them answers the same events.
///
/// PostgreSQL reads `search_text` (migration 0138): the columns joined by line breaks and
/// lower-cased, stored with each event and indexed by trigrams. A text without a line break can
/// only be found inside one column, so that column alone decides; with one it may be found
/// across two, and the columns decide. Without the columns' conditions the planner also
/// estimates how many events hold the text: a text 41% of them hold (`update`) is then counted
/// by walking the tenant's events newest first (24 ms for 10,001 matches) instead of through
/// the index (43-57 ms), which it took when it expected 596 (README, issue 17's twenty-first
/// round).
///
/// SQLite matches each column as it is: its `LIKE` folds ASCII letters and only those, as its
/// `LOWER` does, so `LOWER(column) LIKE` matched the same events and took twice as long.
fn push_text_filter(sql: &mut Sql, text: &TextPlan) {
    let pattern = text.pattern.as_str();
    let joined = text.backend == Backend::Postgres;
    let columns = !joined || pattern.contains('\n');
    sql.push(" AND ((");
    if joined {
        for trigram in &text.rare_trigrams {
            sql.push("search_text LIKE ")
                .bind(format!("%{trigram}%"))
                .push(" AND ");
        }
        // A text the index is not to answer is checked on each event it reads: one given its
        // rare trigrams instead (checked on the events the index answers for them), or one too
        // short to have a trigram (pg_trgm would read its whole index: 624 ms at p50 for two
        // characters in a tenant of 1,000,000 events). `strpos` finds what the pattern finds
        // (whose `%`, `_` and `\` are escaped) and is nothing the index serves.
        if text.trigram_index && text.rare_trigrams.is_empty() {
            sql.push("search_text LIKE ")
                .bind(pattern)
                .push(" ESCAPE '\\'");
        } else {
            sql.push("strpos(search_text, ")
                .bind(text.lowered.as_str())
                .push(") > 0");
        }
    }
    if joined && columns {
        sql.push(" AND (");
    }
    if columns {
        for (i, column) in TEXT_COLUMNS.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            if joined {
                sql.push("LOWER(").push(column).push(")");
            } else {
                sql.push(column);
            }
            sql.push(" LIKE ").bind(pattern).push(" ESCAPE '\\'");
        }
    }
    if joined && columns {
        sql.push(")");
    }
    sql.push(")");
    push_login_holders(sql, text);
    sql.push(")");
}

/// ` OR ...` of the events whose user's or actor's login id holds the text.
fn push_login_holders(sql: &mut Sql, text: &TextPlan) {
    let pattern = text.pattern.as_str();
    for column in ["user_id", "actor_id"] {
        match &text.logins {
            Logins::Listed(ids) if ids.is_empty() => {}
            Logins::Listed(ids) => {
                sql.push(" OR ")
                    .push(column)
                    .push(" IN (")
                    .bind_list(ids.iter().map(String::as_str))
                    .push(")");
            }
            Logins::Subquery => {
                sql.push(" OR ")
                    .push(column)
                    .push(" IN (SELECT user_id FROM login_ids WHERE LOWER(login_id) LIKE ")
                    .bind(pattern)
                    .push(" ESCAPE '\\')");
            }
            Logins::EachEvent => {
                sql.push(" OR EXISTS (SELECT 1 FROM login_ids l WHERE l.user_id = newest.")
                    .push(column)
                    .push(" AND LOWER(l.login_id) LIKE ")
                    .bind(pattern)
                    .push(" ESCAPE '\\')");
            }
        }
    }
}

/// The wire record of an event row (its login ids are added afterwards).
fn record_from_row(row: &AnyRow) -> Result<AuditRecord> {
    let tenant: String = row.try_get("tenant_id")?;
    let data: String = row.try_get("data")?;
    Ok(AuditRecord {
        user_id: row.try_get("user_id")?,
        action: row.try_get("action")?,
        kind: row.try_get("kind")?,
        actor_id: row.try_get("actor_id")?,
        occurred: row.try_get::<i64, _>("occurred")?.to_string(),
        remote_address: row.try_get("remote_address")?,
        external_ids: Vec::new(),
        actor_external_ids: Vec::new(),
        tenants: if tenant.is_empty() {
            Vec::new()
        } else {
            vec![tenant]
        },
        data: serde_json::from_str(&data).map_err(crate::error::Error::internal)?,
    })
}

#[cfg(test)]
mod tests {
    use super::{COUNTED_TRIGRAMS, ascii_word, trigrams};

    #[test]
    fn trigrams_are_distinct_and_spread_over_a_long_text() {
        assert_eq!(trigrams("abcab", |_| true), ["abc", "bca", "cab"]);
        assert_eq!(trigrams("ab", |_| true), Vec::<String>::new());
        assert_eq!(
            trigrams("a\"bé", |_| true),
            ["a\"b", "\"bé"],
            "characters, not bytes"
        );
        assert_eq!(
            trigrams("member925@bench.test", |_| true).len(),
            18,
            "a login id keeps every trigram"
        );
        let long: String = ('a'..='z').chain('0'..='9').collect();
        let sampled = trigrams(&long, |_| true);
        assert!(sampled.len() <= COUNTED_TRIGRAMS, "{sampled:?}");
        assert_eq!(sampled.first().map(String::as_str), Some("abc"));
        assert!(sampled.len() > COUNTED_TRIGRAMS / 2, "{sampled:?}");
    }

    #[test]
    fn ascii_word_trigrams_are_runs_of_ascii_letters_and_digits() {
        assert_eq!(
            trigrams("r370@b.tr37", ascii_word),
            ["r37", "370", "tr3"],
            "none across `@` or `.`, none twice"
        );
        assert_eq!(trigrams("zoë1", ascii_word), Vec::<String>::new());
    }
}
