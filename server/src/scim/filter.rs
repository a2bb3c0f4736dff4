//! SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 and §3.5.2): a small parser into an
//! [`Filter`] tree, which the storage layer turns into SQL over the columns it knows.
//!
//! No maintained Rust crate parses SCIM filters (the candidates are unreleased or abandoned
//! forks), and the grammar is small: comparisons (`eq ne co sw ew gt ge lt le`), `pr`, `and`,
//! `or`, `not (...)`, grouping, and value paths (`emails[type eq "work"]`). Attribute names and
//! operators are case-insensitive; a URN prefix (`urn:...:User:userName`) is dropped.

use serde_json::Value;

/// An attribute, lower-cased, without its schema URN: `name.givenName` is `name` + `givenname`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    /// The attribute.
    pub attr: String,
    /// Its sub-attribute, if named.
    pub sub: Option<String>,
}

impl AttrPath {
    /// `attr` or `attr.sub`, as written (lower-case).
    pub fn dotted(&self) -> String {
        match &self.sub {
            Some(sub) => format!("{}.{sub}", self.attr),
            None => self.attr.clone(),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Contains.
    Co,
    /// Starts with.
    Sw,
    /// Ends with.
    Ew,
    /// Greater than.
    Gt,
    /// Greater or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less or equal.
    Le,
}

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `path op value`.
    Compare(AttrPath, CompareOp, Value),
    /// `path pr`: the attribute has a value.
    Present(AttrPath),
    /// Both.
    And(Box<Filter>, Box<Filter>),
    /// Either.
    Or(Box<Filter>, Box<Filter>),
    /// Not.
    Not(Box<Filter>),
    /// `attr[filter]`: some value of a multi-valued attribute matches the inner filter, whose
    /// paths name its sub-attributes.
    ValuePath(String, Box<Filter>),
}

/// A PATCH operation's `path`: `attr`, `attr.sub`, `attr[filter]` or `attr[filter].sub`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute (lower-case, URN dropped).
    pub attr: String,
    /// Which values of a multi-valued attribute.
    pub filter: Option<Filter>,
    /// The sub-attribute.
    pub sub: Option<String>,
}

/// Why a filter or path did not parse: the SCIM `invalidFilter` / `invalidPath` detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest filter read (a filter is a query parameter; this bounds the work).
const MAX_FILTER_BYTES: usize = 2048;
/// The deepest nesting of parentheses and brackets.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ParseError> {
    if text.len() > MAX_FILTER_BYTES {
        return Err(ParseError(format!(
            "The filter is too long: at most {MAX_FILTER_BYTES} bytes"
        )));
    }
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        match c {
            c if c.is_whitespace() => at += 1,
            '(' => {
                tokens.push(Token::Open);
                at += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                at += 1;
            }
            '[' => {
                tokens.push(Token::OpenBracket);
                at += 1;
            }
            ']' => {
                tokens.push(Token::CloseBracket);
                at += 1;
            }
            '"' => {
                let start = at;
                at += 1;
                while at < chars.len() && chars[at] != '"' {
                    if chars[at] == '\\' {
                        at += 1;
                    }
                    at += 1;
                }
                if at >= chars.len() {
                    return Err(ParseError(
                        "A string in the filter is not closed".to_owned(),
                    ));
                }
                at += 1;
                let quoted: String = chars[start..at].iter().collect();
                let text: String = serde_json::from_str(&quoted)
                    .map_err(|_| ParseError(format!("Invalid string {quoted} in the filter")))?;
                tokens.push(Token::Text(text));
            }
            _ => {
                let start = at;
                while at < chars.len()
                    && !chars[at].is_whitespace()
                    && !matches!(chars[at], '(' | ')' | '[' | ']' | '"')
                {
                    at += 1;
                }
                tokens.push(Token::Word(chars[start..at].iter().collect()));
            }
        }
    }
    Ok(tokens)
}

/// An attribute path as written (`urn:...:User:name.givenName`), lower-cased, URN dropped.
fn attr_path(word: &str) -> Result<AttrPath, ParseError> {
    let lower = word.to_ascii_lowercase();
    let bare = if lower.starts_with("urn:") {
        // The attribute follows the schema URN's last colon (URNs contain dots: `2.0`).
        lower.rsplit_once(':').map_or("", |(_, attr)| attr)
    } else {
        lower.as_str()
    };
    let (attr, sub) = match bare.split_once('.') {
        Some((attr, sub)) => (attr, Some(sub)),
        None => (bare, None),
    };
    let valid = |name: &str| {
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
    };
    if !valid(attr) || sub.is_some_and(|sub| !valid(sub)) {
        return Err(ParseError(format!("{word:?} is not an attribute name")));
    }
    Ok(AttrPath {
        attr: attr.to_owned(),
        sub: sub.map(str::to_owned),
    })
}

fn compare_op(word: &str) -> Option<CompareOp> {
    Some(match word.to_ascii_lowercase().as_str() {
        "eq" => CompareOp::Eq,
        "ne" => CompareOp::Ne,
        "co" => CompareOp::Co,
        "sw" => CompareOp::Sw,
        "ew" => CompareOp::Ew,
        "gt" => CompareOp::Gt,
        "ge" => CompareOp::Ge,
        "lt" => CompareOp::Lt,
        "le" => CompareOp::Le,
        _ => return None,
    })
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(word)) if word.eq_ignore_ascii_case(keyword))
    }

    fn expect(&mut self, wanted: &Token, what: &str) -> Result<(), ParseError> {
        match self.next() {
            Some(token) if &token == wanted => Ok(()),
            _ => Err(ParseError(format!("Expected {what} in the filter"))),
        }
    }

    fn nest(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError(format!(
                "The filter nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(())
    }

    /// `or` binds loosest.
    fn or(&mut self) -> Result<Filter, ParseError> {
        let mut left = self.and()?;
        while self.peek_keyword("or") {
            self.at += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, ParseError> {
        let mut left = self.factor()?;
        while self.peek_keyword("and") {
            self.at += 1;
            left = Filter::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Filter, ParseError> {
        if self.peek_keyword("not") {
            self.at += 1;
            self.expect(&Token::Open, "\"(\" after \"not\"")?;
            self.nest()?;
            let inner = self.or()?;
            self.depth -= 1;
            self.expect(&Token::Close, "\")\"")?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        match self.next() {
            Some(Token::Open) => {
                self.nest()?;
                let inner = self.or()?;
                self.depth -= 1;
                self.expect(&Token::Close, "\")\"")?;
                Ok(inner)
            }
            Some(Token::Word(word)) => {
                if self.peek() == Some(&Token::OpenBracket) {
                    self.at += 1;
                    let path = attr_path(&word)?;
                    self.nest()?;
                    let inner = self.or()?;
                    self.depth -= 1;
                    self.expect(&Token::CloseBracket, "\"]\"")?;
                    // Entra's `emails[type eq "work"].value eq "x"`: the same item's
                    // sub-attribute compared too.
                    if let Some(Token::Word(sub)) = self.peek().cloned()
                        && let Some(sub) = sub.strip_prefix('.')
                    {
                        self.at += 1;
                        let sub = attr_path(sub)?;
                        let compared = self.comparison(sub, &word)?;
                        return Ok(Filter::ValuePath(
                            path.dotted(),
                            Box::new(Filter::And(Box::new(inner), Box::new(compared))),
                        ));
                    }
                    return Ok(Filter::ValuePath(path.dotted(), Box::new(inner)));
                }
                let path = attr_path(&word)?;
                self.comparison(path, &word)
            }
            _ => Err(ParseError("Expected an attribute in the filter".to_owned())),
        }
    }

    /// `op value` or `pr` after the attribute `path` (written `word`).
    fn comparison(&mut self, path: AttrPath, word: &str) -> Result<Filter, ParseError> {
        match self.next() {
            Some(Token::Word(op)) if op.eq_ignore_ascii_case("pr") => Ok(Filter::Present(path)),
            Some(Token::Word(op)) => {
                let op = compare_op(&op)
                    .ok_or_else(|| ParseError(format!("{op:?} is not a SCIM filter operator")))?;
                let value = match self.next() {
                    Some(Token::Text(text)) => Value::String(text),
                    Some(Token::Word(word)) => literal(&word)?,
                    _ => return Err(ParseError(format!("A value is missing after {word}"))),
                };
                Ok(Filter::Compare(path, op, value))
            }
            _ => Err(ParseError(format!("An operator is missing after {word}"))),
        }
    }
}

/// `true`, `false`, `null` or a number.
fn literal(word: &str) -> Result<Value, ParseError> {
    match word.to_ascii_lowercase().as_str() {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        "null" => Ok(Value::Null),
        _ => serde_json::from_str::<serde_json::Number>(word)
            .map(Value::Number)
            .map_err(|_| {
                ParseError(format!(
                    "{word:?} is not a value: strings are written in double quotes"
                ))
            }),
    }
}

/// Parses a `filter` query parameter.
pub fn parse(text: &str) -> Result<Filter, ParseError> {
    let mut parser = Parser {
        tokens: tokenize(text)?,
        at: 0,
        depth: 0,
    };
    if parser.tokens.is_empty() {
        return Err(ParseError("The filter is empty".to_owned()));
    }
    let filter = parser.or()?;
    if parser.at < parser.tokens.len() {
        return Err(ParseError(
            "Unexpected text after the end of the filter".to_owned(),
        ));
    }
    Ok(filter)
}

/// Parses a PATCH operation's `path`.
pub fn parse_path(text: &str) -> Result<PatchPath, ParseError> {
    let text = text.trim();
    let Some(open) = text.find('[') else {
        let path = attr_path(text)?;
        return Ok(PatchPath {
            attr: path.attr,
            filter: None,
            sub: path.sub,
        });
    };
    let close = text
        .rfind(']')
        .filter(|close| *close > open)
        .ok_or_else(|| ParseError(format!("{text:?}: \"[\" is not closed")))?;
    let path = attr_path(&text[..open])?;
    if path.sub.is_some() {
        return Err(ParseError(format!(
            "{text:?}: a value filter follows an attribute, not a sub-attribute"
        )));
    }
    let filter = parse(&text[open + 1..close])?;
    let rest = &text[close + 1..];
    let sub = match rest.strip_prefix('.') {
        Some(sub) => Some(attr_path(sub)?.attr),
        None if rest.is_empty() => None,
        None => return Err(ParseError(format!("{text:?}: unexpected {rest:?}"))),
    };
    Ok(PatchPath {
        attr: path.attr,
        filter: Some(filter),
        sub,
    })
}

/// Whether a JSON value (one item of a multi-valued attribute, or a resource) matches `filter`,
/// for PATCH value filters applied to a resource in memory.
pub fn matches(filter: &Filter, item: &Value) -> bool {
    match filter {
        Filter::And(a, b) => matches(a, item) && matches(b, item),
        Filter::Or(a, b) => matches(a, item) || matches(b, item),
        Filter::Not(inner) => !matches(inner, item),
        Filter::Present(path) => {
            lookup(item, path).is_some_and(|value| !value.is_null() && value != "")
        }
        Filter::ValuePath(attr, inner) => match lookup_attr(item, attr) {
            Some(Value::Array(items)) => items.iter().any(|item| matches(inner, item)),
            Some(value) => matches(inner, value),
            None => false,
        },
        Filter::Compare(path, op, wanted) => {
            let Some(actual) = lookup(item, path) else {
                return false;
            };
            compare(actual, *op, wanted)
        }
    }
}

fn lookup_attr<'a>(item: &'a Value, attr: &str) -> Option<&'a Value> {
    item.as_object()?
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(attr))
        .map(|(_, value)| value)
}

fn lookup<'a>(item: &'a Value, path: &AttrPath) -> Option<&'a Value> {
    let value = lookup_attr(item, &path.attr)?;
    match &path.sub {
        Some(sub) => lookup_attr(value, sub),
        None => Some(value),
    }
}

fn compare(actual: &Value, op: CompareOp, wanted: &Value) -> bool {
    match (actual, wanted) {
        (Value::String(actual), Value::String(wanted)) => {
            let (actual, wanted) = (actual.to_lowercase(), wanted.to_lowercase());
            match op {
                CompareOp::Eq => actual == wanted,
                CompareOp::Ne => actual != wanted,
                CompareOp::Co => actual.contains(&wanted),
                CompareOp::Sw => actual.starts_with(&wanted),
                CompareOp::Ew => actual.ends_with(&wanted),
                CompareOp::Gt => actual > wanted,
                CompareOp::Ge => actual >= wanted,
                CompareOp::Lt => actual < wanted,
                CompareOp::Le => actual <= wanted,
            }
        }
        (actual, wanted) => match op {
            CompareOp::Eq => actual == wanted,
            CompareOp::Ne => actual != wanted,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]
    use super::*;
    use serde_json::json;

    fn path(attr: &str, sub: Option<&str>) -> AttrPath {
        AttrPath {
            attr: attr.to_owned(),
            sub: sub.map(str::to_owned),
        }
    }

    #[test]
    fn what_okta_and_entra_send_parses() {
        assert_eq!(
            parse(r#"userName eq "ada@acme.test""#),
            Ok(Filter::Compare(
                path("username", None),
                CompareOp::Eq,
                json!("ada@acme.test")
            ))
        );
        assert_eq!(
            parse(r#"externalId EQ "a\"b""#),
            Ok(Filter::Compare(
                path("externalid", None),
                CompareOp::Eq,
                json!("a\"b")
            ))
        );
        assert_eq!(
            parse(r#"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName sw "A""#),
            Ok(Filter::Compare(
                path("name", Some("givenname")),
                CompareOp::Sw,
                json!("A")
            ))
        );
        assert_eq!(
            parse(r#"emails[type eq "work" and value co "@acme"]"#),
            Ok(Filter::ValuePath(
                "emails".to_owned(),
                Box::new(Filter::And(
                    Box::new(Filter::Compare(
                        path("type", None),
                        CompareOp::Eq,
                        json!("work")
                    )),
                    Box::new(Filter::Compare(
                        path("value", None),
                        CompareOp::Co,
                        json!("@acme")
                    )),
                ))
            ))
        );
    }

    #[test]
    fn entra_compares_a_value_paths_sub_attribute() {
        let Ok(Filter::ValuePath(attr, inner)) =
            parse(r#"emails[type eq "work"].value eq "a@b.test""#)
        else {
            panic!("expected a value path");
        };
        assert_eq!(attr, "emails");
        assert!(matches(
            &inner,
            &json!({"type": "work", "value": "A@b.test"})
        ));
        assert!(!matches(
            &inner,
            &json!({"type": "work", "value": "c@b.test"})
        ));
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_negates_a_group() {
        let Ok(Filter::Or(left, right)) =
            parse(r#"title pr or userName eq "a" and active eq true"#)
        else {
            panic!("expected an or");
        };
        assert_eq!(*left, Filter::Present(path("title", None)));
        assert!(matches!(*right, Filter::And(..)));
        assert_eq!(
            parse("not (active eq false)"),
            Ok(Filter::Not(Box::new(Filter::Compare(
                path("active", None),
                CompareOp::Eq,
                json!(false)
            ))))
        );
    }

    #[test]
    fn malformed_filters_say_what_is_wrong() {
        for (filter, says) in [
            ("", "empty"),
            (r#"userName eq"#, "value is missing"),
            (r#"userName is "x""#, "not a SCIM filter operator"),
            (r#"userName eq "x"#, "not closed"),
            (r#"userName eq x"#, "double quotes"),
            (r#"(userName eq "x""#, "\")\""),
            (r#"userName eq "x" junk"#, "after the end"),
            (r#"1abc eq "x""#, "not an attribute"),
        ] {
            let error = parse(filter).expect_err(filter);
            assert!(error.0.contains(says), "{filter}: {error}");
        }
        let deep = format!("{}active pr{}", "(".repeat(40), ")".repeat(40));
        assert!(parse(&deep).expect_err("deep").0.contains("nests"));
        assert!(parse(&"a".repeat(5000)).is_err());
    }

    #[test]
    fn patch_paths_name_values_and_sub_attributes() {
        assert_eq!(
            parse_path(r#"emails[type eq "work"].value"#),
            Ok(PatchPath {
                attr: "emails".to_owned(),
                filter: Some(Filter::Compare(
                    path("type", None),
                    CompareOp::Eq,
                    json!("work")
                )),
                sub: Some("value".to_owned()),
            })
        );
        assert_eq!(
            parse_path("name.familyName"),
            Ok(PatchPath {
                attr: "name".to_owned(),
                filter: None,
                sub: Some("familyname".to_owned()),
            })
        );
        assert_eq!(
            parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
                .map(|path| path.attr),
            Ok("department".to_owned())
        );
        assert!(parse_path(r#"members[value eq "u1""#).is_err());
    }

    #[test]
    fn value_filters_match_items_case_insensitively() {
        let filter = parse(r#"type eq "WORK" and value ew "@acme.test""#).expect("parses");
        assert!(matches(
            &filter,
            &json!({"type": "work", "value": "Ada@ACME.test"})
        ));
        assert!(!matches(
            &filter,
            &json!({"type": "home", "value": "ada@acme.test"})
        ));
        let present = parse("display pr").expect("parses");
        assert!(!matches(&present, &json!({"display": ""})));
    }
}
