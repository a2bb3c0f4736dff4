//! Translations of the catalog ([`crate::messages`]) and the locale-aware formatting around it.
//!
//! English is compiled in ([`crate::messages::ENGLISH`]): a missing English string is a compile
//! error. Every other locale is a flat JSON object, `widgets/locales/<tag>.json`, mapping a dotted
//! path of the catalog (`users.count_other`, `roles.list.title`, `audit.actions.UserCreated`) to
//! its text; [`Catalog::translate`] lays one over English, and the test at the end of this file
//! fails when a locale lacks a key, has one the catalog does not, or changes a `{placeholder}`.
//!
//! Plurals follow CLDR's rules as the browser's `Intl.PluralRules` applies them: English has the
//! forms `one` and `other` (the `_one` and `_other` fields); a locale adds the categories its
//! language has (`_zero`, `_two`, `_few`, `_many`: Arabic has all six) beside the `_other` key,
//! and [`Catalog::plural`] picks one by the count. English's rule and its whole numbers are
//! written here without `Intl` ([`english_plural`], [`english_whole_number`]): the first `Intl`
//! call of a page loads the browser's locale data.
//!
//! Each catalog struct is declared inside [`catalog!`], which implements [`Localize`] for it: its
//! fields by name, so every path can be read ([`Localize::visit`]) and replaced
//! ([`Localize::entries`]) in one walk.

use crate::collections::{VecMap, VecSet};
use crate::messages::{ENGLISH, Messages, fill};

/// A value of the catalog that a path can reach: a string, a list of strings, a nested struct.
pub trait Localize {
    /// Calls `f` with the path of every entry under `prefix` and the entry, to read or replace.
    fn entries(&mut self, prefix: &str, f: &mut dyn FnMut(&str, Entry<'_>));

    /// Calls `f` with the path and text of every string under `prefix`.
    fn visit(&self, prefix: &str, f: &mut dyn FnMut(&str, Text<'_>))
    where
        Self: Clone,
    {
        self.clone()
            .entries(prefix, &mut |path, entry| f(path, entry.text()));
    }
}

/// The text of one catalog entry, as [`Localize::visit`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text<'a> {
    /// One string.
    One(&'a str),
    /// A list (e.g. the steps of an identity provider's set-up).
    List(&'a [&'static str]),
}

/// One catalog entry, as [`Localize::entries`] gives it: replaceable.
#[derive(Debug)]
pub enum Entry<'a> {
    /// One string.
    One(&'a mut &'static str),
    /// A list of strings, replaced by a list as long.
    List(&'a mut &'static [&'static str]),
}

impl Entry<'_> {
    /// What the entry holds now.
    pub fn text(&self) -> Text<'_> {
        match self {
            Entry::One(text) => Text::One(text),
            Entry::List(items) => Text::List(items),
        }
    }

    /// Puts `value` (of a JSON catalog, which lives as long as the page) in place; `Err` says
    /// what did not fit, the entry at `path` keeping its text.
    fn replace(self, path: &str, value: &'static serde_json::Value) -> Result<(), String> {
        match self {
            Entry::One(text) => *text = text_of(path, value)?,
            Entry::List(items) => {
                let texts = value
                    .as_array()
                    .filter(|texts| texts.len() == items.len())
                    .ok_or_else(|| {
                        format!("{path}: a list of {} strings was expected", items.len())
                    })?
                    .iter()
                    .map(|text| text_of(path, text))
                    .collect::<Result<Vec<_>, _>>()?;
                *items = Vec::leak(texts);
            }
        }
        Ok(())
    }
}

/// Joins a prefix and a field name into a path.
pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A string of a JSON catalog, which lives as long as the page (catalogs are leaked once each).
fn text_of(path: &str, value: &'static serde_json::Value) -> Result<&'static str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("{path}: a string was expected"))
}

impl Localize for &'static str {
    fn entries(&mut self, prefix: &str, f: &mut dyn FnMut(&str, Entry<'_>)) {
        f(prefix, Entry::One(self));
    }
}

impl Localize for &'static [&'static str] {
    fn entries(&mut self, prefix: &str, f: &mut dyn FnMut(&str, Entry<'_>)) {
        f(prefix, Entry::List(self));
    }
}

/// Pairs of (key, label), such as the audit log's action names: each label is `<path>.<key>`.
impl Localize for &'static [(&'static str, &'static str)] {
    fn entries(&mut self, prefix: &str, f: &mut dyn FnMut(&str, Entry<'_>)) {
        let mut pairs = self.to_vec();
        for (key, label) in &mut pairs {
            f(&join(prefix, key), Entry::One(label));
        }
        // A new list only when a label changed: reading leaks nothing.
        let changed = pairs
            .iter()
            .zip(self.iter())
            .any(|((_, ours), (_, before))| !std::ptr::eq(*ours, *before));
        if changed {
            *self = Vec::leak(pairs);
        }
    }
}

/// Declares a catalog struct and implements [`Localize`] for it, field by field.
macro_rules! catalog {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident : $type:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $type,
            )*
        }

        impl $name {
            /// The name of every field, those this build leaves out (`#[cfg]`) included, each
            /// followed by a space: one string, where a list would cost a pointer per name.
            pub const FIELDS: &'static str = concat!($(stringify!($field), " "),*);

            /// The name of every field, those this build leaves out (`#[cfg]`) included.
            pub fn fields() -> impl Iterator<Item = &'static str> {
                Self::FIELDS.split_terminator(' ')
            }
        }

        impl $crate::i18n::Localize for $name {
            fn entries(
                &mut self,
                prefix: &str,
                f: &mut dyn FnMut(&str, $crate::i18n::Entry<'_>),
            ) {
                $(
                    // A field's attributes: its documentation, and the element it is compiled
                    // for (`#[cfg(feature = ...)]`).
                    #[allow(unused_doc_comments)]
                    $(#[$field_meta])*
                    $crate::i18n::Localize::entries(
                        &mut self.$field,
                        &$crate::i18n::join(prefix, stringify!($field)),
                        f,
                    );
                )*
            }
        }
    };
}

pub(crate) use catalog;

/// The CLDR plural categories beyond English's `one` and `other`.
const EXTRA_PLURALS: [&str; 4] = ["zero", "two", "few", "many"];

/// A translated catalog: the strings, and the extra plural forms of each `_other` string.
#[derive(Debug, Clone)]
pub struct Catalog<T: 'static> {
    /// The strings, every field translated.
    pub messages: T,
    /// For each translated `_other` text, its forms by category (`few` -> "…").
    plurals: VecMap<&'static str, Vec<(&'static str, &'static str)>>,
}

impl<T: Localize + Clone> Catalog<T> {
    /// The English catalog, with no forms beyond `one` and `other`.
    pub fn english(messages: T) -> Self {
        Catalog {
            messages,
            plurals: VecMap::new(),
        }
    }

    /// `english` with every entry of `entries` (a flat JSON object, leaked by the caller for the
    /// page's life) in place, and every problem, sorted: a missing or unknown key, a wrong type.
    /// A problem costs only its own entry: a missing or mistyped string stays English, an unknown
    /// key is left out, so a catalog a version behind still translates all it can.
    pub fn translate(
        english: &T,
        entries: &'static serde_json::Map<String, serde_json::Value>,
    ) -> (Self, Vec<String>) {
        let mut messages = english.clone();
        let mut problems = Vec::new();
        let mut known = VecSet::new();
        messages.entries("", &mut |path, entry| {
            known.insert(path.to_owned());
            let outcome = match entries.get(path) {
                Some(value) => entry.replace(path, value),
                None => Err(format!("{path}: missing")),
            };
            if let Err(problem) = outcome {
                problems.push(problem);
            }
        });
        let mut extra = Vec::new();
        let built = known
            .iter()
            .map(|path| {
                path.split_once('.')
                    .map_or(path.as_str(), |(field, _)| field)
            })
            .collect();
        let unknown = |path: &String| {
            !known.contains(path)
                && (crate::messages::EVERY_ELEMENT || !crate::messages::left_out(path, &built))
        };
        for (path, value) in entries.iter().filter(|(path, _)| unknown(path)) {
            // A key of the catalog itself may end like a plural category (`done_delete_many`):
            // those are known, so only the others are read as plural forms.
            match extra_plural(path) {
                Some((base, category)) => extra.push((base, category, value)),
                None => problems.push(format!("{path}: no such entry")),
            }
        }
        let mut plurals: VecMap<&'static str, Vec<_>> = VecMap::new();
        for (base, category, value) in extra {
            let other = format!("{base}_other");
            match (known.contains(&other), value.as_str()) {
                (true, Some(text)) => {
                    let key = entries[&other].as_str().unwrap_or_default();
                    plurals.entry(key).or_default().push((category, text));
                }
                (false, _) => problems.push(format!("{base}_{category}: no {other} beside it")),
                (true, None) => problems.push(format!("{base}_{category}: a string was expected")),
            }
        }
        crate::collections::sort(&mut problems);
        (Catalog { messages, plurals }, problems)
    }

    /// The form of a counted message for `category` (CLDR: zero, one, two, few, many, other):
    /// the `_one` text for `one`, the locale's own form where it has one, else the `_other` text.
    pub fn plural(&self, category: &str, one: &'static str, other: &'static str) -> &'static str {
        match category {
            "one" => one,
            _ => self
                .plurals
                .get(other)
                .and_then(|forms| forms.iter().find(|(name, _)| *name == category))
                .map_or(other, |(_, text)| text),
        }
    }
}

/// `users.count_few` -> (`users.count`, `few`).
fn extra_plural(path: &str) -> Option<(&str, &'static str)> {
    EXTRA_PLURALS.into_iter().find_map(|category| {
        path.strip_suffix(category)
            .and_then(|rest| rest.strip_suffix('_'))
            .map(|base| (base, category))
    })
}

/// The locales with a catalog, English first. Tags as BCP 47 writes them.
pub const LOCALES: [&str; 7] = ["en", "fr", "de", "es", "ja", "pt-BR", "ar"];

/// The supported locale closest to the first of `wanted` that has one (the `locale` attribute,
/// then the page's `lang`, then the browser's languages): the exact tag, else its language
/// (`fr-CA` -> `fr`, `pt` or `pt-PT` -> `pt-BR`); English when none matches.
pub fn resolve_locale<'a>(wanted: impl IntoIterator<Item = &'a str>) -> &'static str {
    for tag in wanted {
        let tag = tag.trim();
        if let Some(exact) = LOCALES.iter().find(|l| l.eq_ignore_ascii_case(tag)) {
            return exact;
        }
        let language = tag.split(['-', '_']).next().unwrap_or_default();
        if let Some(near) = LOCALES.iter().find(|l| {
            l.split('-')
                .next()
                .is_some_and(|own| own.eq_ignore_ascii_case(language))
        }) {
            return near;
        }
    }
    LOCALES[0]
}

/// Whether a locale is written right to left.
pub fn is_right_to_left(locale: &str) -> bool {
    matches!(
        locale.split('-').next().unwrap_or_default(),
        "ar" | "he" | "fa" | "ur"
    )
}

/// A widget's language: the locale its numbers, dates and plurals follow, and its catalog. One
/// per locale (and per set of string overrides) for the page's life: [`Lang`] points at it.
#[derive(Debug)]
pub struct Language {
    /// The BCP 47 tag, one of [`LOCALES`].
    pub locale: &'static str,
    /// The strings.
    pub catalog: Catalog<Messages>,
}

/// What every component of a widget reads its strings and formats through: a context that the
/// widget's root provides ([`WidgetProps::lang`](crate::WidgetProps)); English when none does.
#[derive(Debug, Clone, Copy)]
pub struct Lang(pub &'static Language);

impl PartialEq for Lang {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::english()
    }
}

thread_local! {
    /// Every translated `_other` text by its address, and its language (see `Lang::of_counted`).
    static COUNTED: std::cell::RefCell<VecMap<usize, &'static Language>> = std::cell::RefCell::default();
    static ENGLISH_LANGUAGE: &'static Language = Box::leak(Box::new(Language {
        locale: LOCALES[0],
        catalog: Catalog::english(ENGLISH),
    }));
}

impl Lang {
    /// English, compiled in.
    pub fn english() -> Self {
        ENGLISH_LANGUAGE.with(|language| Lang(language))
    }

    /// `locale` with `entries` (its catalog, then the page's overrides) laid over English, and the
    /// problems of `entries` ([`Catalog::translate`]: each costs only its own string); leaked for
    /// the page's life (the bindings keep one per locale and set of overrides).
    pub fn translated(
        locale: &'static str,
        entries: serde_json::Map<String, serde_json::Value>,
    ) -> (Self, Vec<String>) {
        let entries = Box::leak(Box::new(entries));
        let (catalog, problems) = Catalog::translate(&ENGLISH, entries);
        let language: &'static Language = Box::leak(Box::new(Language { locale, catalog }));
        // Counted texts find their language by address: `messages::count` needs no `Lang`.
        language.catalog.messages.visit("", &mut |path, text| {
            if let (true, Text::One(text)) = (path.ends_with("_other"), text)
                && !text.is_empty()
            {
                COUNTED.with(|counted| {
                    counted
                        .borrow_mut()
                        .insert(text.as_ptr() as usize, language)
                });
            }
        });
        (Lang(language), problems)
    }

    /// The language a translated `_other` text belongs to; `None` for English's own.
    pub fn of_counted(other: &str) -> Option<Self> {
        COUNTED.with(|counted| {
            counted
                .borrow()
                .get(&(other.as_ptr() as usize))
                .map(|l| Lang(l))
        })
    }

    /// The strings.
    pub fn messages(self) -> &'static Messages {
        &self.0.catalog.messages
    }

    /// The text direction of the locale, for the widget's root `dir`.
    pub fn dir(self) -> &'static str {
        if is_right_to_left(self.0.locale) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// A counted message: the plural form CLDR gives `count` in this locale, with `{count}` as
    /// the locale writes numbers ("1 user", "12 users"; Arabic: six forms).
    pub fn count(self, count: u64, one: &'static str, other: &'static str) -> String {
        self.count_of(count, false, one, other)
    }

    /// [`Lang::count`] of a total the server stopped counting at when `capped` ("10,000+ users").
    pub fn count_of(
        self,
        count: u64,
        capped: bool,
        one: &'static str,
        other: &'static str,
    ) -> String {
        let number = self.number(count as f64);
        if capped {
            return fill(other, "count", &format!("{number}+"));
        }
        // French and Portuguese say `one` for 0 as well: a `one` text that spells "1" out
        // (no `{count}`) stays for exactly one.
        let category = match plural_category(self.0.locale, count as f64) {
            "one" if count != 1 && !one.contains("{count}") => "other",
            category => category,
        };
        let form = self.0.catalog.plural(category, one, other);
        fill(form, "count", &number)
    }

    /// A number as the locale writes it ("10,000", "10 000", "10.000").
    pub fn number(self, number: f64) -> String {
        format_number(self.0.locale, number)
    }

    /// A moment (milliseconds since the epoch) as a date and time in the viewer's time zone,
    /// written the locale's way ("May 1, 2024, 3:45 PM", "1 mai 2024, 15:45").
    pub fn date_time(self, epoch_ms: f64) -> String {
        format_date(self.0.locale, epoch_ms, Some("short"))
    }

    /// A moment as a date alone, in the viewer's time zone.
    pub fn date(self, epoch_ms: f64) -> String {
        format_date(self.0.locale, epoch_ms, None)
    }

    /// A moment to the second (the audit log's events), in the viewer's time zone.
    pub fn instant(self, epoch_ms: f64) -> String {
        format_date(self.0.locale, epoch_ms, Some("medium"))
    }

    /// [`Lang::date_time`] of a time in seconds since the epoch, as the server sends most.
    pub fn moment(self, epoch_seconds: i64) -> String {
        self.date_time(epoch_seconds as f64 * 1000.0)
    }

    /// [`Lang::date`] of a time in seconds since the epoch.
    pub fn day(self, epoch_seconds: i64) -> String {
        self.date(epoch_seconds as f64 * 1000.0)
    }
}

/// English as a flat catalog (path -> text), the base that a page's string overrides go over
/// when the locale is English.
pub fn english_entries() -> serde_json::Map<String, serde_json::Value> {
    let mut entries = serde_json::Map::new();
    ENGLISH.visit("", &mut |path, text| {
        let value = match text {
            Text::One(text) => serde_json::Value::from(text),
            Text::List(items) => serde_json::Value::from(items.to_vec()),
        };
        entries.insert(path.to_owned(), value);
    });
    entries
}

/// Provides `lang` to every component of `T` (a widget's root), and renders `T`.
#[yew::component]
pub fn Localized<T>(props: &crate::WidgetProps) -> yew::Html
where
    T: yew::BaseComponent<Properties = crate::WidgetProps>,
{
    yew::html! {
        <yew::ContextProvider<Lang> context={props.lang}>
            <T ..props.clone() />
        </yew::ContextProvider<Lang>>
    }
}

/// The widget's language, from the nearest [`Lang`] context; English outside any.
#[yew::hook]
pub fn use_lang() -> Lang {
    yew::use_context::<Lang>().unwrap_or_default()
}

/// The widget's strings.
#[yew::hook]
pub fn use_messages() -> &'static Messages {
    use_lang().messages()
}

/// The first `count` letters and digits of `text` (Unicode's Alphabetic and Numeric, as
/// `char::is_alphanumeric`), in upper case (as `char::to_uppercase`). In the browser its own
/// Unicode tables answer: Rust's case and property tables are about 5 KB of the wasm, brotli.
#[cfg(target_arch = "wasm32")]
pub fn upper_alphanumerics(text: &str, count: usize) -> String {
    let others = js_sys::RegExp::new(r"[^\p{Alphabetic}\p{N}]", "gu");
    let kept = String::from(js_sys::JsString::from(text).replace_by_pattern(&others, ""));
    let first: String = kept.chars().take(count).collect();
    js_sys::JsString::from(first.as_str())
        .to_upper_case()
        .into()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn upper_alphanumerics(text: &str, count: usize) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .take(count)
        .flat_map(char::to_uppercase)
        .collect()
}

/// `text` in lower case, as `str::to_lowercase`. In the browser `String.prototype.toLowerCase`
/// does it: Rust's table for it is about 5 KB of the wasm, brotli.
#[cfg(target_arch = "wasm32")]
pub fn lower_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn lower_case(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(target_arch = "wasm32")]
fn plural_category(locale: &str, count: f64) -> &'static str {
    if locale == LOCALES[0] {
        return english_plural(count);
    }
    let locales = js_sys::Array::of1(&locale.into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    let category = String::from(rules.select(count));
    ["zero", "one", "two", "few", "many"]
        .into_iter()
        .find(|known| *known == category)
        .unwrap_or("other")
}

/// Natively (tests): English's rule.
#[cfg(not(target_arch = "wasm32"))]
fn plural_category(_locale: &str, count: f64) -> &'static str {
    english_plural(count)
}

/// English's plural rule (CLDR: `one` for exactly 1, `other` otherwise), without `Intl`: the
/// first `Intl` call of a page loads the browser's locale data (about 20 ms of an element's
/// first paint in headless Chromium, `cargo xtask bench-element`), and English needs none.
pub fn english_plural(count: f64) -> &'static str {
    if count == 1.0 { "one" } else { "other" }
}

/// A whole number as English writes it (`Intl.NumberFormat("en")`: "1,234,567", "-1,234"),
/// without `Intl` (see [`english_plural`]); `None` for anything else, which `Intl` writes.
pub fn english_whole_number(number: f64) -> Option<String> {
    // Below 2^53 every whole f64 is exact as an i64.
    if number.fract() != 0.0 || number.abs() >= 9_007_199_254_740_992.0 {
        return None;
    }
    let digits = (number.abs() as i64).to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if number < 0.0 {
        text.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    Some(text)
}

#[cfg(target_arch = "wasm32")]
fn format_number(locale: &str, number: f64) -> String {
    if locale == LOCALES[0]
        && let Some(text) = english_whole_number(number)
    {
        return text;
    }
    js_sys::Number::from(number).to_locale_string(locale).into()
}

#[cfg(not(target_arch = "wasm32"))]
fn format_number(_locale: &str, number: f64) -> String {
    number.to_string()
}

#[cfg(target_arch = "wasm32")]
/// `time`: the `timeStyle` (`short`: to the minute, `medium`: to the second), or the date alone.
fn format_date(locale: &str, epoch_ms: f64, time: Option<&str>) -> String {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("dateStyle", "medium");
    if let Some(style) = time {
        set("timeStyle", style);
    }
    js_sys::Date::new(&epoch_ms.into())
        .to_locale_string(locale, &options)
        .into()
}

#[cfg(not(target_arch = "wasm32"))]
fn format_date(_locale: &str, epoch_ms: f64, _time: Option<&str>) -> String {
    epoch_ms.to_string()
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::panic, reason = "a test fails loudly")]
mod tests {
    use super::*;

    /// Every shipped catalog, as the package ships it.
    const CATALOGS: [(&str, &str); 6] = [
        ("fr", include_str!("../locales/fr.json")),
        ("de", include_str!("../locales/de.json")),
        ("es", include_str!("../locales/es.json")),
        ("ja", include_str!("../locales/ja.json")),
        ("pt-BR", include_str!("../locales/pt-BR.json")),
        ("ar", include_str!("../locales/ar.json")),
    ];

    fn leaked(text: &str) -> &'static serde_json::Map<String, serde_json::Value> {
        let value: serde_json::Value = serde_json::from_str(text).expect("a JSON catalog");
        Box::leak(Box::new(value.as_object().expect("a JSON object").clone()))
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn every_locale_has_every_key_and_no_other_with_the_same_placeholders() {
        let mut english = std::collections::HashMap::new();
        ENGLISH.visit("", &mut |path, text| {
            english.insert(path.to_owned(), text.into_owned_for_test());
        });
        for (locale, json) in CATALOGS {
            let (catalog, problems) = Catalog::<Messages>::translate(&ENGLISH, leaked(json));
            assert!(problems.is_empty(), "{locale}:\n{}", problems.join("\n"));
            let mut mismatched = Vec::new();
            catalog.messages.visit("", &mut |path, text| {
                let ours = text.into_owned_for_test();
                let theirs = &english[path];
                for (a, b) in ours.iter().zip(theirs) {
                    let plural = path.ends_with("_one") || path.ends_with("_other");
                    let (mut a, mut b) = (placeholders(a), placeholders(b));
                    if plural {
                        a.retain(|p| *p != "count");
                        b.retain(|p| *p != "count");
                    }
                    if a != b {
                        mismatched.push(format!("{path}: {a:?} vs English {b:?}"));
                    }
                }
            });
            assert!(
                mismatched.is_empty(),
                "{locale}:\n{}",
                mismatched.join("\n")
            );
        }
    }

    #[test]
    fn a_missing_key_an_unknown_key_and_a_stray_plural_form_are_each_named_and_cost_only_themselves()
     {
        let mut entries = english_entries();
        entries.remove("users.title");
        entries.insert("users.search_label".into(), serde_json::json!("Chercher"));
        entries.insert("users.loading".into(), serde_json::json!(12));
        entries.insert("users.nonsense".into(), serde_json::json!("x"));
        entries.insert("users.title_few".into(), serde_json::json!("x"));
        entries.insert(
            "roles.list.count_few".into(),
            serde_json::json!("{count} roles (few)"),
        );
        let (catalog, problems) = Catalog::translate(&ENGLISH, Box::leak(Box::new(entries)));
        assert_eq!(
            problems,
            [
                "users.loading: a string was expected",
                "users.nonsense: no such entry",
                "users.title: missing",
                "users.title_few: no users.title_other beside it",
            ]
        );
        let users = catalog.messages.users;
        assert_eq!(users.search_label, "Chercher");
        assert_eq!(
            (users.title, users.loading),
            (ENGLISH.users.title, ENGLISH.users.loading)
        );
        assert_eq!(
            catalog.plural(
                "few",
                ENGLISH.roles.list.count_one,
                ENGLISH.roles.list.count_other
            ),
            "{count} roles (few)"
        );
    }

    #[test]
    fn arabic_counts_take_each_of_its_six_forms_and_english_its_two() {
        let entries = leaked(CATALOGS[5].1);
        let (arabic, _) = Catalog::<Messages>::translate(&ENGLISH, entries);
        let list = arabic.messages.users;
        for category in ["zero", "one", "two", "few", "many", "other"] {
            assert_eq!(
                arabic.plural(category, list.count_one, list.count_other),
                entries[&format!("users.count_{category}")]
                    .as_str()
                    .expect("a string"),
                "{category}"
            );
        }
        assert_ne!(
            arabic.plural("two", list.count_one, list.count_other),
            arabic.plural("few", list.count_one, list.count_other)
        );
        let english = Catalog::english(ENGLISH);
        assert_eq!(
            english.plural("few", ENGLISH.users.count_one, ENGLISH.users.count_other),
            "{count} users"
        );
    }

    #[test]
    fn a_translated_count_speaks_its_language_wherever_it_is_counted() {
        let (french, _) = Lang::translated("fr", leaked(CATALOGS[0].1).clone());
        let users = french.messages().users;
        assert_eq!(
            crate::messages::count(3, users.count_one, users.count_other),
            french.count(3, users.count_one, users.count_other)
        );
        assert_eq!(
            crate::messages::count(3, users.count_one, users.count_other),
            fill(users.count_other, "count", "3")
        );
        assert_eq!(
            crate::messages::count(3, ENGLISH.users.count_one, ENGLISH.users.count_other),
            "3 users"
        );
    }

    /// The English fast path writes whole numbers as `Intl.NumberFormat("en")` does (the browser
    /// test `english_numbers_are_what_intl_writes` compares the two) and leaves the rest to it.
    #[test]
    fn english_whole_numbers_are_grouped_by_thousands() {
        let cases = [
            (0.0, "0"),
            (7.0, "7"),
            (999.0, "999"),
            (1_000.0, "1,000"),
            (10_000.0, "10,000"),
            (123_456.0, "123,456"),
            (1_234_567.0, "1,234,567"),
            (-1_234.0, "-1,234"),
        ];
        for (number, text) in cases {
            assert_eq!(english_whole_number(number).as_deref(), Some(text));
        }
        for number in [1.5, f64::NAN, f64::INFINITY, 1e16] {
            assert_eq!(english_whole_number(number), None, "{number}");
        }
    }

    #[test]
    fn a_locale_resolves_to_the_nearest_catalog() {
        assert_eq!(resolve_locale(["fr-CA"]), "fr");
        assert_eq!(resolve_locale(["pt"]), "pt-BR");
        assert_eq!(resolve_locale(["PT-br"]), "pt-BR");
        assert_eq!(resolve_locale(["", "xx", "ar-EG"]), "ar");
        assert_eq!(resolve_locale(["zh-CN"]), "en");
        assert!(is_right_to_left("ar") && !is_right_to_left("fr"));
    }

    impl Text<'_> {
        fn into_owned_for_test(self) -> Vec<String> {
            match self {
                Text::One(text) => vec![text.to_owned()],
                Text::List(items) => items.iter().map(|item| (*item).to_owned()).collect(),
            }
        }
    }
}
