//! Ordered sets and maps over one sorted `Vec`, for what a widget keeps: roles, permissions, a
//! page's selection, a form's errors, a catalog's paths, tens to hundreds of entries. `BTreeSet`
//! and `BTreeMap` (and `HashSet`, `HashMap`, slice sorts) bring their code into the wasm once for
//! each key and value type (B-trees alone were about 50 KB of the user widget's wasm, raw); these
//! bring a binary search and `Vec::insert`. Same order, equality and API as the standard ones, as
//! far as the widgets use them; inserting is O(n), nothing at these sizes.

use std::borrow::Borrow;

/// A set in order, like `BTreeSet`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VecSet<T>(Vec<T>);

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Ord> VecSet<T> {
    /// An empty set.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Adds `value`; false when it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, value);
                true
            }
        }
    }

    /// Takes `value` out; false when it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        match self.position(value) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether `value` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.position(value).is_ok()
    }

    fn position<Q: Ord + ?Sized>(&self, value: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
    {
        self.0.binary_search_by(|item| item.borrow().cmp(value))
    }
}

impl<T> VecSet<T> {
    /// The smallest value.
    pub fn first(&self) -> Option<&T> {
        self.0.first()
    }

    /// The values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// How many values the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps the values `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.0.retain(keep);
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, values: I) {
        for value in values {
            self.insert(value);
        }
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut set = Self::new();
        set.extend(values);
        set
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for VecSet<T> {
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// `items` ordered by `compare`, those it finds equal in the order they came, as
/// `slice::sort_by` orders them, without the sort's code for each type: an insertion into a
/// sorted `Vec` each, O(n²) moves, for lists of hundreds.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let mut sorted: Vec<T> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let at = sorted.partition_point(|earlier| compare(earlier, &item).is_le());
        sorted.insert(at, item);
    }
    *items = sorted;
}

/// `items` in order, as `slice::sort` orders them (duplicates kept), with [`sort_by`].
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// A map in key order, like `BTreeMap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Sets `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| &self.0[at].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.position(key).is_ok()
    }

    /// Takes `key` and its value out; the value, if it had one.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| self.0.remove(at).1)
    }

    /// `key`'s place, to fill when empty.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        Entry { map: self, key }
    }

    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(item, _)| item.borrow().cmp(key))
    }
}

impl<K, V> VecMap<K, V> {
    /// The keys and values in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.0.iter().map(|(key, _)| key)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, value)| value)
    }

    /// How many keys have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no key has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One key's place in a [`VecMap`] ([`VecMap::entry`]).
#[derive(Debug)]
pub struct Entry<'a, K, V> {
    map: &'a mut VecMap<K, V>,
    key: K,
}

impl<'a, K: Ord, V> Entry<'a, K, V> {
    /// The key's value, `value` first if it had none.
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    /// The key's value, `make()` first if it had none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let at = match self.map.position(&self.key) {
            Ok(at) => at,
            Err(at) => {
                self.map.0.insert(at, (self.key, make()));
                at
            }
        };
        &mut self.map.0[at].1
    }

    /// The key's value, `V::default()` first if it had none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::new();
        map.extend(entries);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// The same steps on a `VecSet` and a `BTreeSet`, a `VecMap` and a `BTreeMap`, end in the
    /// same contents in the same order.
    #[test]
    fn they_keep_what_the_standard_ones_keep() {
        let words = [
            "pear", "apple", "fig", "apple", "kiwi", "fig", "banana", "cherry",
        ];
        let mut set = VecSet::new();
        let mut standard = BTreeSet::new();
        for (step, word) in words.iter().enumerate() {
            assert_eq!(
                set.insert(word.to_string()),
                standard.insert(word.to_string())
            );
            if step % 3 == 2 {
                assert_eq!(set.remove("apple"), standard.remove("apple"));
            }
            assert_eq!(set.contains("fig"), standard.contains("fig"));
            assert_eq!(set.first(), standard.first());
        }
        assert!(set.iter().eq(standard.iter()));
        assert_eq!(set.len(), standard.len());
        let collected: VecSet<&str> = words.into_iter().collect();
        assert!(collected.into_iter().eq(BTreeSet::from(words).into_iter()));

        let mut map = VecMap::new();
        let mut standard = BTreeMap::new();
        let mut lengths = VecMap::new();
        let mut standard_lengths = BTreeMap::new();
        for (step, word) in words.iter().enumerate() {
            assert_eq!(map.insert(*word, step), standard.insert(*word, step));
            *lengths.entry(word.len()).or_insert(0) += 1;
            *standard_lengths.entry(word.len()).or_insert(0) += 1;
            if step % 4 == 3 {
                assert_eq!(map.remove("fig"), standard.remove("fig"));
            }
            assert_eq!(map.get("pear"), standard.get("pear"));
        }
        assert!(map.iter().eq(standard.iter()));
        assert!(map.keys().eq(standard.keys()) && map.values().eq(standard.values()));
        assert!(lengths.into_iter().eq(standard_lengths.into_iter()));

        let mut pairs = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (3, 'f')];
        let mut standard = pairs.clone();
        sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        standard.sort_by_key(|pair| pair.0);
        assert_eq!(pairs, standard, "equal keys keep their order");
        let mut names = vec!["b", "a", "c", "a"];
        sort(&mut names);
        assert_eq!(names, ["a", "a", "b", "c"], "duplicates are kept");
    }
}
