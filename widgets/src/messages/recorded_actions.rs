//! The audit log's catalog held against the server's sources: every action the server can record
//! in a tenant's log has a label (and so a place in the action filter), and every action it
//! records with no tenant only is named in [`PROJECT_WIDE`] with the reason. The sources are read
//! at test time, so a new `AuditEvent::new` without a label fails here instead of showing
//! "SsoSetupLinkCreated" to a tenant admin.
//!
//! Every event is an `AuditEvent` (`server/src/db/audit.rs` is the one place that inserts into
//! `audit_events`, and the test checks that it stays so), made by `AuditEvent::new(action,
//! tenant, user)`. The action is a literal, or a name bound to literals just before the call (`let
//! action = if ... { "A" } else { "B" }`, a `match`, `for (action, user) in [("A", ..), ..]`), or
//! a method returning literals (`change.action()`), or `format!` of one of those; a form the test
//! cannot read fails it, so nothing is skipped silently.

#![expect(clippy::expect_used, clippy::panic, reason = "a test fails loudly")]

use super::ENGLISH_AUDIT;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// Actions the server records with an empty tenant only: a tenant's log never holds them, so the
/// widget's action filter does not offer them.
const PROJECT_WIDE: &[&str] = &[
    // A user replacing their own expired password at sign-in: the account, which every tenant of
    // theirs shares (db/user_changes.rs).
    "PasswordReplaced",
    // An account locked by failed password sign-ins, which name no tenant (db/policy.rs).
    "UserLocked",
    // A one-time sign-in link for a user, made with the management key (db/sign_in_links.rs).
    "SignInLinkGenerated",
    // The management key deleting every test user of the project (db/users.rs).
    "TestUsersDeleted",
    // Permissions are the project's; tenants' roles only use them (db/roles.rs).
    "PermissionCreated",
    "PermissionModified",
    "PermissionDeleted",
    // Custom attribute definitions, of users and of tenants, are the project's
    // (db/attributes.rs: `format!("{}Created", owner.audit_prefix())`).
    "CustomAttributeCreated",
    "CustomAttributeDeleted",
    "TenantAttributeCreated",
    "TenantAttributeDeleted",
];

/// The one call that records whatever action its caller sends: custom events from `POST
/// /v1/mgmt/audit/event`, which the widget shows as recorded. (file, action expression)
const CUSTOM_EVENTS: (&str, &str) = ("api/tenants.rs", "request.action");

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Str(String),
    Ident(String),
    Punct(char),
}

#[derive(Debug)]
struct Lexed {
    token: Token,
    line: usize,
}

/// One source file of the server, as tokens (comments and `#[cfg(test)]` items left out).
#[derive(Debug)]
struct Source {
    /// Under `server/src`, with `/`.
    path: String,
    tokens: Vec<Lexed>,
}

impl Source {
    fn is(&self, at: usize, token: &Token) -> bool {
        self.tokens
            .get(at)
            .is_some_and(|lexed| lexed.token == *token)
    }

    fn punct(&self, at: usize, c: char) -> bool {
        self.is(at, &Token::Punct(c))
    }

    fn ident(&self, at: usize, name: &str) -> bool {
        self.is(at, &Token::Ident(name.to_owned()))
    }

    fn place(&self, at: usize) -> String {
        format!("server/src/{}:{}", self.path, self.tokens[at].line)
    }

    fn text(&self, range: Range<usize>) -> String {
        self.tokens[range]
            .iter()
            .map(|lexed| match &lexed.token {
                Token::Str(text) => format!("{text:?}"),
                Token::Ident(name) => name.clone(),
                Token::Punct(c) => c.to_string(),
            })
            .collect()
    }

    /// The index of the bracket closing the one at `open`.
    fn closing(&self, open: usize) -> usize {
        let mut depth = 0_usize;
        for at in open..self.tokens.len() {
            match self.tokens[at].token {
                Token::Punct('(' | '[' | '{') => depth += 1,
                Token::Punct(')' | ']' | '}') => {
                    depth -= 1;
                    if depth == 0 {
                        return at;
                    }
                }
                _ => {}
            }
        }
        panic!("{}: unbalanced bracket", self.place(open));
    }

    /// The first index from `from` where `stop` holds outside any bracket.
    fn at_depth_zero(&self, from: usize, stop: impl Fn(&Token) -> bool) -> usize {
        let mut at = from;
        while at < self.tokens.len() {
            match &self.tokens[at].token {
                token if stop(token) => return at,
                Token::Punct('(' | '[' | '{') => at = self.closing(at) + 1,
                _ => at += 1,
            }
        }
        panic!("{}: no end found", self.place(from));
    }

    /// The comma-separated parts between the bracket at `open` and its closing one.
    fn parts(&self, open: usize) -> Vec<Range<usize>> {
        let close = self.closing(open);
        let mut parts = Vec::new();
        let mut start = open + 1;
        while start < close {
            let end = self.at_depth_zero(start, |token| {
                matches!(token, Token::Punct(',' | ')' | ']' | '}'))
            });
            if end > start {
                parts.push(start..end);
            }
            start = end + 1;
        }
        parts
    }

    /// The single string literal `range` is, if it is one.
    fn literal(&self, range: &Range<usize>) -> Option<String> {
        match &self.tokens[range.clone()] {
            [
                Lexed {
                    token: Token::Str(text),
                    ..
                },
            ] => Some(text.clone()),
            _ => None,
        }
    }

    /// The literals `range` can evaluate to: the whole of it when it is one, else each literal
    /// standing alone in a block (`{ "A" }`) or as a `match` arm's value (`=> "A",`).
    fn results(&self, range: Range<usize>) -> Vec<String> {
        if let Some(text) = self.literal(&range) {
            return vec![text];
        }
        let before =
            |at: usize, back: usize, c: char| at >= range.start + back && self.punct(at - back, c);
        range
            .clone()
            .filter_map(|at| match &self.tokens[at].token {
                Token::Str(text)
                    if (before(at, 1, '{') || (before(at, 1, '>') && before(at, 2, '=')))
                        && (self.punct(at + 1, '}') || self.punct(at + 1, ',')) =>
                {
                    Some(text.clone())
                }
                _ => None,
            })
            .collect()
    }
}

/// What a call records as its action.
#[derive(Debug)]
enum Recorded {
    /// One of these actions.
    Actions(Vec<String>),
    /// Whatever the caller sends ([`CUSTOM_EVENTS`]).
    Custom,
}

/// The actions `expr` (the first argument of a call at `call`) can be.
fn resolve(sources: &[Source], file: usize, call: usize, expr: Range<usize>) -> Recorded {
    let source = &sources[file];
    let mut expr = expr;
    if source.punct(expr.start, '&') {
        expr.start += 1;
    }
    let text = source.text(expr.clone());
    let cannot = || -> ! {
        panic!(
            "{}: the action `{text}` is in no form this test reads: teach it this one",
            source.place(call)
        )
    };
    if let Some(action) = source.literal(&expr) {
        return Recorded::Actions(vec![action]);
    }
    if (source.path.as_str(), text.as_str()) == CUSTOM_EVENTS {
        return Recorded::Custom;
    }
    let tokens = &source.tokens[expr.clone()];
    let actions = match tokens {
        [
            Lexed {
                token: Token::Ident(name),
                ..
            },
        ] => bound(source, call, name),
        [
            Lexed {
                token: Token::Ident(mac),
                ..
            },
            Lexed {
                token: Token::Punct('!'),
                ..
            },
            ..,
        ] if mac == "format" => {
            let parts = source.parts(expr.start + 2);
            let [template, argument] = parts.as_slice() else {
                cannot()
            };
            let Some(template) = source.literal(template) else {
                cannot()
            };
            if template.matches("{}").count() != 1 {
                cannot();
            }
            let Recorded::Actions(values) = resolve(sources, file, call, argument.clone()) else {
                cannot()
            };
            values
                .iter()
                .map(|value| template.replacen("{}", value, 1))
                .collect()
        }
        [
            ..,
            Lexed {
                token: Token::Punct('.'),
                ..
            },
            Lexed {
                token: Token::Ident(method),
                ..
            },
            Lexed {
                token: Token::Punct('('),
                ..
            },
            Lexed {
                token: Token::Punct(')'),
                ..
            },
        ] => returned_by(sources, file, method),
        _ => cannot(),
    };
    if actions.is_empty() {
        cannot();
    }
    Recorded::Actions(actions)
}

/// The literals `name` is bound to by the nearest `let` or `for` before `call`.
fn bound(source: &Source, call: usize, name: &str) -> Vec<String> {
    for at in (0..call).rev() {
        if source.ident(at, "let") {
            let named = usize::from(source.ident(at + 1, "mut")) + at + 1;
            if source.ident(named, name) {
                let equals = source.at_depth_zero(named, |token| *token == Token::Punct('='));
                let end = source.at_depth_zero(equals, |token| *token == Token::Punct(';'));
                return source.results(equals + 1..end);
            }
        } else if source.ident(at, "for") {
            // A loop's pattern ends at `in` (an `impl .. for ..` reaches a `{` first).
            let pattern_end = source.at_depth_zero(at + 1, |token| {
                matches!(token, Token::Punct('{' | ';')) || *token == Token::Ident("in".to_owned())
            });
            if !source.ident(pattern_end, "in") {
                continue;
            }
            let iterable = pattern_end + 1;
            // `for action in [..]`, or `for (action, user) in [..]` and the name's place in it.
            let place = if pattern_end == at + 2 && source.ident(at + 1, name) {
                None
            } else if source.punct(at + 1, '(') {
                match source
                    .parts(at + 1)
                    .iter()
                    .position(|part| source.text(part.clone()) == name)
                {
                    Some(place) => Some(place),
                    None => continue,
                }
            } else {
                continue;
            };
            assert!(
                source.punct(iterable, '['),
                "{}: `{name}` takes its values from no array of literals",
                source.place(at)
            );
            return source
                .parts(iterable)
                .iter()
                .map(|element| {
                    let element = match place {
                        None => Some(element.clone()),
                        Some(place) => source.parts(element.start).get(place).cloned(),
                    };
                    element
                        .and_then(|part| source.literal(&part))
                        .unwrap_or_else(|| panic!("{}: not a literal action", source.place(at)))
                })
                .collect();
        }
    }
    panic!("{}: found no binding of `{name}`", source.place(call));
}

/// The literals `fn method` returns, looked for in `file` first, then in every other file.
fn returned_by(sources: &[Source], file: usize, method: &str) -> Vec<String> {
    let defines = |source: &Source| {
        (0..source.tokens.len()).find(|&at| source.ident(at, "fn") && source.ident(at + 1, method))
    };
    let found = defines(&sources[file])
        .map(|at| (&sources[file], at))
        .or_else(|| {
            let mut all = sources
                .iter()
                .filter_map(|source| defines(source).map(|at| (source, at)));
            let first = all.next();
            assert!(
                all.next().is_none(),
                "`fn {method}` is defined more than once"
            );
            first
        });
    let Some((source, at)) = found else {
        panic!("no `fn {method}` in server/src");
    };
    let open = source.at_depth_zero(at, |token| *token == Token::Punct('{'));
    source.results(open..source.closing(open) + 1)
}

/// Rust source as tokens: string literals (raw ones too) with their text, identifiers and
/// single punctuation characters, each with its line; comments, numbers, characters and
/// lifetimes left out.
fn lex(source: &str) -> Vec<Lexed> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    while let Some(&c) = chars.get(i) {
        let start_line = line;
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while chars.get(i).is_some_and(|c| *c != '\n') {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            loop {
                match (chars.get(i), chars.get(i + 1)) {
                    (Some('/'), Some('*')) => (depth, i) = (depth + 1, i + 2),
                    (Some('*'), Some('/')) => {
                        (depth, i) = (depth - 1, i + 2);
                        if depth == 0 {
                            break;
                        }
                    }
                    (Some(c), _) => {
                        line += usize::from(*c == '\n');
                        i += 1;
                    }
                    (None, _) => break,
                }
            }
        } else if c == '"' {
            let text;
            (text, i) = string(&chars, i + 1, &mut line);
            tokens.push(Lexed {
                token: Token::Str(text),
                line: start_line,
            });
        } else if c == '\'' {
            // A character ('a', '\n', '\u{..}') or a lifetime ('static, whose name lexes on).
            if next == Some('\\') {
                i += 3;
                while chars.get(i).is_some_and(|c| *c != '\'') {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let raw =
                matches!(word.as_str(), "r" | "br") && matches!(chars.get(i), Some('"' | '#'));
            if raw {
                let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
                i += hashes + 1;
                let from = i;
                while !(chars.get(i) == Some(&'"')
                    && chars[i + 1..].iter().take_while(|c| **c == '#').count() >= hashes)
                {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                tokens.push(Lexed {
                    token: Token::Str(chars[from..i].iter().collect()),
                    line: start_line,
                });
                i += 1 + hashes;
            } else if word == "b" && chars.get(i) == Some(&'"') {
                let text;
                (text, i) = string(&chars, i + 1, &mut line);
                tokens.push(Lexed {
                    token: Token::Str(text),
                    line: start_line,
                });
            } else {
                tokens.push(Lexed {
                    token: Token::Ident(word),
                    line: start_line,
                });
            }
        } else if c.is_ascii_digit() {
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                i += 1;
            }
        } else {
            tokens.push(Lexed {
                token: Token::Punct(c),
                line: start_line,
            });
            i += 1;
        }
    }
    tokens
}

/// The text of a string literal whose opening quote is just before `i`, and the index after its
/// closing quote.
fn string(chars: &[char], mut i: usize, line: &mut usize) -> (String, usize) {
    let mut text = String::new();
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '"' => return (text, i),
            '\\' => {
                let escaped = chars.get(i).copied().unwrap_or('\\');
                i += 1;
                match escaped {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    '0' => text.push('\0'),
                    '\n' => {
                        // A line continuation: the next line's leading blanks are not text.
                        *line += 1;
                        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                            *line += usize::from(chars[i] == '\n');
                            i += 1;
                        }
                    }
                    other => text.push(other),
                }
            }
            '\n' => {
                *line += 1;
                text.push(c);
            }
            c => text.push(c),
        }
    }
    panic!("unterminated string literal");
}

/// `tokens` without the items marked `#[cfg(test)]` (the server's unit tests may record events
/// of their own).
fn without_tests(tokens: Vec<Lexed>) -> Vec<Lexed> {
    let source = Source {
        path: String::new(),
        tokens,
    };
    let cfg_test: Vec<Token> = ["#", "[", "cfg", "(", "test", ")", "]"]
        .iter()
        .map(|text| match text.chars().next() {
            Some(c) if text.len() == 1 && !c.is_alphanumeric() => Token::Punct(c),
            _ => Token::Ident((*text).to_owned()),
        })
        .collect();
    let mut skip = Vec::new();
    let mut at = 0;
    while at < source.tokens.len() {
        let marked = source.tokens[at..]
            .iter()
            .map(|lexed| &lexed.token)
            .take(cfg_test.len())
            .eq(cfg_test.iter());
        if !marked {
            at += 1;
            continue;
        }
        let mut end = at + cfg_test.len();
        while source.punct(end, '#') {
            end = source.closing(end + 1) + 1;
        }
        end = source.at_depth_zero(end, |token| {
            matches!(token, Token::Punct(';') | Token::Punct('{'))
        });
        if source.punct(end, '{') {
            end = source.closing(end);
        }
        skip.push(at..end + 1);
        at = end + 1;
    }
    source
        .tokens
        .into_iter()
        .enumerate()
        .filter(|(at, _)| !skip.iter().any(|range| range.contains(at)))
        .map(|(_, lexed)| lexed)
        .collect()
}

fn server_sources() -> Vec<Source> {
    fn walk(root: &Path, dir: &Path, sources: &mut Vec<Source>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("the server's sources are next to the widgets")
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, sources);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("a Rust source file");
                let relative = path.strip_prefix(root).expect("under server/src");
                sources.push(Source {
                    path: relative
                        .components()
                        .map(|part| part.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                    tokens: without_tests(lex(&text)),
                });
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let mut sources = Vec::new();
    walk(&root, &root, &mut sources);
    assert!(
        sources.len() > 20,
        "read {} files of server/src",
        sources.len()
    );
    sources
}

#[test]
fn every_action_the_server_records_in_a_tenant_has_a_label() {
    let sources = server_sources();
    // The places each action is recorded: with a tenant (or an expression that may hold one),
    // or with "" only.
    let mut in_tenant: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut project_only: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut custom = Vec::new();
    let mut inserts = Vec::new();
    for (file, source) in sources.iter().enumerate() {
        for at in 0..source.tokens.len() {
            if let Token::Str(text) = &source.tokens[at].token
                && text.contains("INSERT INTO audit_events")
            {
                inserts.push(source.place(at));
            }
            if !source.ident(at, "AuditEvent") {
                continue;
            }
            // An event built field by field would record an action this test does not see
            // (`struct AuditEvent {`, `impl .. for AuditEvent {` and `-> AuditEvent {` are no
            // such thing).
            let by_hand = source.punct(at + 1, '{')
                && at > 0
                && !["struct", "impl", "for"]
                    .iter()
                    .any(|word| source.ident(at - 1, word))
                && !source.punct(at - 1, '>');
            assert!(
                !by_hand,
                "{}: an AuditEvent built by hand: use AuditEvent::new",
                source.place(at)
            );
            let call = source.punct(at + 1, ':')
                && source.punct(at + 2, ':')
                && source.ident(at + 3, "new")
                && source.punct(at + 4, '(');
            if !call {
                continue;
            }
            let args = source.parts(at + 4);
            assert_eq!(
                args.len(),
                3,
                "{}: AuditEvent::new takes 3",
                source.place(at)
            );
            let with_tenant = source
                .literal(&args[1])
                .is_none_or(|tenant| !tenant.is_empty());
            let place = source.place(at);
            match resolve(&sources, file, at, args[0].clone()) {
                Recorded::Custom => custom.push(place),
                Recorded::Actions(actions) => {
                    let into = if with_tenant {
                        &mut in_tenant
                    } else {
                        &mut project_only
                    };
                    for action in actions {
                        into.entry(action).or_default().push(place.clone());
                    }
                }
            }
        }
        // Assigning an event's action afterwards would hide it from this test too.
        for at in 0..source.tokens.len() {
            let assigns = source.punct(at, '.')
                && source.ident(at + 1, "action")
                && source.punct(at + 2, '=')
                && !source.punct(at + 3, '=');
            assert!(
                !assigns,
                "{}: an action assigned afterwards",
                source.place(at)
            );
        }
    }
    assert!(
        inserts.len() == 1 && inserts[0].starts_with("server/src/db/audit.rs:"),
        "events are inserted in db/audit.rs only, from an AuditEvent: {inserts:?}"
    );
    assert_eq!(custom.len(), 1, "the custom events' call: {custom:?}");
    assert!(
        in_tenant.len() > 40,
        "found only {} actions recorded in a tenant: is the reading broken?",
        in_tenant.len()
    );

    let labelled: BTreeSet<&str> = ENGLISH_AUDIT.actions.iter().map(|(a, _)| *a).collect();
    let project_wide: BTreeSet<&str> = PROJECT_WIDE.iter().copied().collect();
    let listed = |actions: &BTreeMap<String, Vec<String>>, keep: &dyn Fn(&str) -> bool| {
        actions
            .iter()
            .filter(|(action, _)| keep(action))
            .map(|(action, places)| format!("{action} ({})", places.join(", ")))
            .collect::<Vec<_>>()
    };
    let unlabelled = listed(&in_tenant, &|action| !labelled.contains(action));
    assert!(
        unlabelled.is_empty(),
        "recorded in a tenant's log with no label in ENGLISH_AUDIT.actions:\n{}",
        unlabelled.join("\n")
    );
    let unsorted = listed(&project_only, &|action| {
        !in_tenant.contains_key(action) && !project_wide.contains(action)
    });
    assert!(
        unsorted.is_empty(),
        "recorded with no tenant only and not in PROJECT_WIDE (add it there with the reason):\n{}",
        unsorted.join("\n")
    );
    let in_both = listed(&in_tenant, &|action| project_wide.contains(action));
    assert!(
        in_both.is_empty(),
        "in PROJECT_WIDE but recorded in a tenant's log:\n{}",
        in_both.join("\n")
    );
    let gone: Vec<&&str> = project_wide
        .iter()
        .filter(|action| !project_only.contains_key(**action))
        .collect();
    assert!(
        gone.is_empty(),
        "in PROJECT_WIDE but never recorded: {gone:?}"
    );
    let stale: Vec<&&str> = labelled
        .iter()
        .filter(|action| !in_tenant.contains_key(**action))
        .collect();
    assert!(
        stale.is_empty(),
        "in the action filter but never recorded in a tenant's log: {stale:?}"
    );
}

#[test]
fn the_reader_reads_each_form_an_action_comes_in() {
    let source = Source {
        path: "example.rs".to_owned(),
        tokens: without_tests(lex(r##"
            // AuditEvent::new("Commented", "", "")
            /* AuditEvent::new("Commented", "", "") */
            fn action(&self) -> &'static str {
                match self { Self::A => "FromMatch", Self::B(x) if x == "no" => "AlsoFromMatch" }
            }
            fn record(&self) {
                let kind = if done { "FromIf" } else { "FromElse" };
                for (name, _) in [("FromTuple", 'a'), ("FromTuple2", '\'')] {}
                let raw = r#"a "quoted" text"#;
                let joined = "one \
                    line";
            }
            #[cfg(test)]
            mod tests { fn hidden() { AuditEvent::new("Hidden", "", ""); } }
        "##)),
    };
    let sources = [source];
    let source = &sources[0];
    let names: Vec<&str> = source
        .tokens
        .iter()
        .filter_map(|lexed| match &lexed.token {
            Token::Str(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(!names.contains(&"Commented") && !names.contains(&"Hidden"));
    assert!(names.contains(&r#"a "quoted" text"#) && names.contains(&"one line"));
    let end = source.tokens.len();
    assert_eq!(
        bound(source, end, "kind"),
        ["FromIf", "FromElse"],
        "if and else"
    );
    assert_eq!(bound(source, end, "name"), ["FromTuple", "FromTuple2"]);
    assert_eq!(
        returned_by(&sources, 0, "action"),
        ["FromMatch", "AlsoFromMatch"],
        "the arms' values, not a guard's literal"
    );
}
