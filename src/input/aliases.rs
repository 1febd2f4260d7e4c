//! Header aliases (SPEC §3, plus the config's): which field a normalized header cell names,
//! per table kind.

use std::collections::HashMap;

use crate::config::Config;
use crate::vocab::normalize::normalize_header;
use crate::vocab::tables::{Field, TableKind};

/// Normalized alias → field, per table kind (built-in aliases plus the config's).
pub struct Aliases {
    by_kind: Vec<(TableKind, HashMap<String, Field>)>,
}

impl Aliases {
    pub fn new(cfg: &Config) -> Aliases {
        let by_kind = TableKind::ALL
            .into_iter()
            .map(|kind| {
                let mut map = HashMap::new();
                for &(field, _) in kind.fields() {
                    let extra = cfg.aliases.get(&kind).and_then(|m| m.get(&field));
                    let all = kind
                        .aliases(field)
                        .iter()
                        .map(|s| s.to_string())
                        .chain(extra.into_iter().flatten().cloned());
                    for alias in all {
                        // The first field of the kind to claim an alias keeps it.
                        map.entry(normalize_header(&alias)).or_insert(field);
                    }
                }
                (kind, map)
            })
            .collect();
        Aliases { by_kind }
    }

    pub fn field(&self, kind: TableKind, normalized: &str) -> Option<Field> {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, m)| m.get(normalized).copied())
    }
}

pub(crate) fn matched_fields(
    kind: TableKind,
    normalized: &[Option<String>],
    aliases: &Aliases,
) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for n in normalized.iter().flatten() {
        if let Some(f) = aliases.field(kind, n) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}
