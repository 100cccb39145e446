//! What `--skip-unsupported` leaves out: an operation, or a component schema (which becomes any
//! JSON). Load and model both leave out what holds a problem; this module says, for the JSON
//! pointer of a problem, which node that is, so that both stages decide it the same way.

use crate::diagnostics::Diagnostics;
use std::collections::BTreeSet;

/// The methods of a path item that hold an operation.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operation or component schema that holds `pointer`: `#/paths/~1pets/get` or
/// `#/components/schemas/Pet`.
pub fn skippable(pointer: &str) -> Option<String> {
    let segments: Vec<&str> = pointer.split('/').collect();
    match segments.as_slice() {
        ["#", "paths", path, method, ..] if METHODS.contains(method) => {
            Some(format!("#/paths/{path}/{method}"))
        }
        // An OpenAPI 3.2 method is itself what is left out.
        [
            "#",
            "paths",
            path,
            method @ ("query" | "additionalOperations"),
        ] => Some(format!("#/paths/{path}/{method}")),
        ["#", "components", "schemas", name, ..] => Some(format!("#/components/schemas/{name}")),
        _ => None,
    }
}

/// Operations and component schemas left out of the model, by pointer (see [`skippable`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skip {
    pointers: BTreeSet<String>,
}

impl Skip {
    /// Whether the operation or schema at `pointer` is skipped.
    pub fn contains(&self, pointer: &str) -> bool {
        self.pointers.contains(pointer)
    }

    /// Adds what contains each problem; false when some problem is in nothing skippable, or
    /// when everything that holds them is skipped already (skipping more would change nothing:
    /// the problems stay).
    pub fn absorb(&mut self, problems: &Diagnostics) -> bool {
        let mut all = true;
        let mut added = false;
        for d in problems.iter() {
            match skippable(&d.pointer) {
                Some(p) => added |= self.pointers.insert(p),
                None => all = false,
            }
        }
        all && added
    }
}

#[cfg(test)]
mod tests {
    use super::skippable;

    #[test]
    fn a_problem_is_left_out_with_its_operation_or_schema() {
        let cases = [
            ("#/paths/~1a/get/responses/200", Some("#/paths/~1a/get")),
            ("#/paths/~1a/query", Some("#/paths/~1a/query")),
            (
                "#/paths/~1a/additionalOperations",
                Some("#/paths/~1a/additionalOperations"),
            ),
            ("#/paths/~1a/parameters/0", None),
            ("#/paths/~1a/query/responses", None),
            (
                "#/components/schemas/Pet/properties/a",
                Some("#/components/schemas/Pet"),
            ),
            ("#/components/responses/R", None),
            ("#", None),
        ];
        for (pointer, node) in cases {
            assert_eq!(skippable(pointer).as_deref(), node, "{pointer}");
        }
    }
}
