//! Selecting operations (`--tags`, `--operations`): the operations not selected are left out,
//! and so is every type only they used, so a client of a few endpoints compiles a fraction of
//! the whole.

use super::{Api, TypeId, walk};
use std::collections::BTreeSet;

/// Which operations to generate; empty sets select everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Tags: an operation with any of them is selected.
    pub tags: BTreeSet<String>,
    /// Operations by `operationId`, by method name, or as `METHOD /path`.
    pub operations: BTreeSet<String>,
}

impl Selection {
    /// Whether everything is selected.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }

    /// Whether an operation is selected.
    pub fn includes(
        &self,
        op: &openapiv3::Operation,
        method: &str,
        path: &str,
        name: &str,
    ) -> bool {
        if self.is_all() {
            return true;
        }
        let by_tag = op.tags.iter().any(|t| self.tags.contains(t));
        let by_name = op
            .operation_id
            .as_ref()
            .is_some_and(|id| self.operations.contains(id))
            || self.operations.contains(name)
            || self
                .operations
                .contains(&format!("{} {path}", method.to_ascii_uppercase()));
        by_tag || by_name
    }
}

/// Removes the types no operation or webhook reaches.
pub fn prune(api: &mut Api) {
    let mut roots = Vec::new();
    for op in &api.operations {
        let holds = walk::operation_types(op, &api.types);
        roots.extend(holds.sent.into_iter().filter_map(walk::mentioned));
        roots.extend(holds.received.into_iter().filter_map(walk::mentioned));
        roots.extend(holds.own);
    }
    for hook in &api.webhooks {
        roots.extend(hook.payload.as_ref().and_then(walk::mentioned));
    }
    let keep = walk::reach(&api.types, roots);
    let mut new_ids = Vec::with_capacity(keep.len());
    let mut next = 0;
    for kept in &keep {
        new_ids.push(TypeId(next));
        next += usize::from(*kept);
    }
    let old = std::mem::take(&mut api.types);
    api.types = old
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| t)
        .collect();
    // Every type a kept type, operation or webhook names is kept, so its new id is the number
    // of kept types before it.
    walk::ids_mut_everywhere(api, |id| *id = new_ids[id.index()]);
}
