//! Hashes that are equal for equal input in every run: what `serve` compares between
//! rebuilds (fingerprints, body hashes, the related-lists memo, the search records). A
//! leaf module: every stage may use it, and it uses none of them.

/// The hash of `value` that `serve` compares between rebuilds (`stable_hasher`).
pub(crate) fn stable_hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut hasher = stable_hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The hasher for everything `serve` compares between rebuilds (fingerprints, body
/// hashes, the related-lists memo): fixed, so equal input always hashes equal.
pub(crate) fn stable_hasher() -> foldhash::quality::FoldHasher<'static> {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6272_6965_6669_6e67).build_hasher()
}
