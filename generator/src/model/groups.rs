//! Operations grouped by tag (`--tag-features`): each operation goes to the group of its first
//! tag (operations without one to the `untagged` group), each group becomes a sub-client
//! (`client.repos().get(..)`) behind a Cargo feature, and each type is compiled only with the
//! features of the groups whose operations reach it. Every name is decided here.

use super::{Api, walk};
use crate::naming::{self, Namespace, reserved};

/// The groups of a client and which features each type needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// The groups, in the order their first operation comes.
    pub groups: Vec<Group>,
    /// The group of each operation, by operation index.
    pub of_operation: Vec<usize>,
    /// The method name of each operation on its group, by operation index: the operation's own
    /// name without the group's name in front (`repos_get` -> `get`) when that leaves a name.
    pub methods: Vec<String>,
    /// The method of each operation on its group that takes its optional parameters, by
    /// operation index: `Some` when the operation has one on the `Client`
    /// ([`super::Operation::with_params`]), named after its method on the group
    /// (`get` -> `get_with`).
    pub with_methods: Vec<Option<String>>,
    /// The stream method of each paginated operation on its group, by operation index (`get`
    /// -> `get_stream`), claimed after every other method of the group.
    pub stream_methods: Vec<Option<String>>,
    /// The private methods of each operation whose pages are named by URLs, on its group
    /// ([`super::Pagination::fetch`]), by operation index; claimed last.
    pub fetch_methods: Vec<Option<super::PageFetch>>,
    /// When each type is compiled, by type id.
    pub of_type: Vec<Gate>,
    /// The feature of the types no operation reaches, when there are any.
    pub unused_feature: Option<String>,
}

/// One group: the operations of one tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The tag as the spec writes it (`None`: the operations without tags).
    pub tag: Option<String>,
    /// The Cargo feature, the module and the `Client` method that returns the sub-client
    /// (snake case; without `r#`).
    pub name: String,
    /// The sub-client type (upper camel case).
    pub type_name: String,
}

/// When a type is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Always (a webhook needs it).
    Always,
    /// With any of these groups' features (indices into [`Groups::groups`], ascending), or,
    /// when `unused`, with the feature of the types no operation reaches
    /// ([`Groups::unused_feature`]), since one of those holds it.
    Features {
        /// The groups whose operations reach the type.
        groups: Vec<usize>,
        /// Whether a type no operation reaches holds it.
        unused: bool,
    },
}

impl Gate {
    /// Compiled with no feature at all: nothing reaches it (not yet known).
    fn none() -> Gate {
        Gate::Features {
            groups: Vec::new(),
            unused: false,
        }
    }
}

/// Names a group, a module or a feature may not take besides the client's methods, modules and
/// [`reserved::GROUPS`]: the crates a client may name (a module of that name in `client` or
/// `types` would make their paths ambiguous), Cargo's `default` feature and the generated
/// crate's features of reqwest's transport (`rustls`, `http2`; the others have a `-`).
const TAKEN: &[&str] = &[
    "default",
    "rustls",
    "http2",
    "reqwest",
    "serde",
    "serde_json",
    "tokio",
    "base64",
    "chrono",
    "hmac",
    "jiff",
    "sha2",
    "time",
    "uuid",
    "std",
    "core",
    "alloc",
    "self",
    "super",
    "crate",
];

/// The groups of `api`.
pub fn group(api: &Api) -> Groups {
    let setters: Vec<String> = api.auth.iter().map(|s| naming::setter(&s.field)).collect();
    let mut names = Namespace::with_taken(
        reserved::CLIENT_METHODS
            .iter()
            .chain(reserved::MODULES)
            .chain(reserved::GROUPS)
            .chain(&[reserved::STYLE, reserved::STREAMS])
            .chain(TAKEN)
            .copied()
            .chain(setters.iter().map(String::as_str)),
    );
    let mut type_names = Namespace::with_taken(
        reserved::CLIENT_TYPES.iter().copied().chain(
            api.server
                .variables
                .iter()
                .filter_map(|v| Some(v.choices.as_ref()?.name.as_str())),
        ),
    );
    // Tagged groups in the order their first operation comes, then the untagged one.
    let mut tags: Vec<Option<&str>> = Vec::new();
    for op in &api.operations {
        let tag = op.tag.as_deref();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if let Some(at) = tags.iter().position(Option::is_none) {
        let untagged = tags.remove(at);
        tags.push(untagged);
    }
    let groups: Vec<Group> = tags
        .iter()
        .map(|tag| {
            let name = match tag {
                Some(tag) => {
                    let snake = naming::snake(tag, "tag");
                    names.claim(snake.trim_start_matches("r#"))
                }
                // Reserved for it in `reserved::GROUPS`.
                None => "untagged".to_string(),
            };
            let type_name = type_names.claim(&naming::camel(&name, "Tag"));
            Group {
                tag: tag.map(str::to_string),
                name,
                type_name,
            }
        })
        .collect();
    let of_operation: Vec<usize> = api
        .operations
        .iter()
        .map(|op| {
            let tag = op.tag.as_deref();
            tags.iter().position(|t| *t == tag).unwrap_or_default()
        })
        .collect();
    let Methods {
        methods,
        with_methods,
        stream_methods,
        fetch_methods,
    } = methods(api, &groups, &of_operation);
    let mut of_type = vec![Gate::none(); api.types.len()];
    for (index, _) in groups.iter().enumerate() {
        let mut roots = Vec::new();
        for (op, _) in api
            .operations
            .iter()
            .zip(&of_operation)
            .filter(|(_, g)| **g == index)
        {
            let holds = walk::operation_types(op, &api.types);
            roots.extend(holds.own);
            roots.extend(holds.sent.into_iter().filter_map(walk::mentioned));
            roots.extend(holds.received.into_iter().filter_map(walk::mentioned));
        }
        for (id, reached) in walk::reach(&api.types, roots).into_iter().enumerate() {
            if let (true, Gate::Features { groups, .. }) = (reached, &mut of_type[id]) {
                groups.push(index);
            }
        }
    }
    let hooks = api.webhooks.iter().filter_map(|h| h.payload.as_ref());
    let always = walk::reach(&api.types, hooks.filter_map(walk::mentioned));
    // The types no operation reaches, and what they hold (which may be reached by some groups
    // too: with `unused_types` alone, those are compiled as well).
    let unreached: Vec<usize> = (0..of_type.len())
        .filter(|id| of_type[*id] == Gate::none() && !always[*id])
        .collect();
    let held = walk::reach(&api.types, unreached.iter().map(|id| super::TypeId(*id)));
    for ((gate, always), held) in of_type.iter_mut().zip(always).zip(held) {
        if always {
            *gate = Gate::Always;
        } else if let (true, Gate::Features { unused, .. }) = (held, &mut *gate) {
            *unused = true;
        }
    }
    let unused_feature = (!unreached.is_empty()).then(|| "unused_types".to_string());
    Groups {
        groups,
        of_operation,
        methods,
        with_methods,
        stream_methods,
        fetch_methods,
        of_type,
        unused_feature,
    }
}

/// The method names of the operations on their groups, by operation index.
struct Methods {
    /// See [`Groups::methods`].
    methods: Vec<String>,
    /// See [`Groups::with_methods`].
    with_methods: Vec<Option<String>>,
    /// See [`Groups::stream_methods`].
    stream_methods: Vec<Option<String>>,
    /// See [`Groups::fetch_methods`].
    fetch_methods: Vec<Option<super::PageFetch>>,
}

/// The method names of each operation on its group: its own, the one taking its optional
/// parameters when it has one (see [`Groups::with_methods`]), its stream's and its pages'.
fn methods(api: &Api, groups: &[Group], of_operation: &[usize]) -> Methods {
    // Within a group, the methods are those of the sub-client, which reaches the `Client`'s
    // private methods through `Deref`: they may not take those names.
    let mut per_group: Vec<Namespace> = groups
        .iter()
        .map(|_| Namespace::with_taken(reserved::CLIENT_METHODS.iter().copied()))
        .collect();
    let methods: Vec<String> = api
        .operations
        .iter()
        .zip(of_operation)
        .map(|(op, group)| {
            let prefix = format!("{}_", groups[*group].name);
            let short = op
                .name
                .strip_prefix(&prefix)
                .filter(|rest| {
                    rest.starts_with(|c: char| c.is_ascii_lowercase())
                        && naming::snake(rest, "operation") == *rest
                        && !naming::is_keyword(rest)
                })
                .unwrap_or(&op.name);
            per_group[*group].claim(short)
        })
        .collect();
    // As on the `Client` (see `model::operations`): the methods taking an operation's optional
    // parameters come after every method's own name in the group, and each operation claims
    // one whether or not it needs it, so a first optional parameter never renames a method.
    let with_methods = api
        .operations
        .iter()
        .zip(of_operation)
        .zip(&methods)
        .map(|((op, group), method)| {
            let with = per_group[*group].claim(&naming::params_method(method));
            op.with_params.is_some().then_some(with)
        })
        .collect();
    let stream_methods = api
        .operations
        .iter()
        .zip(of_operation)
        .zip(&methods)
        .map(|((op, group), method)| {
            if op.pagination.is_none() && op.media_stream.is_none() {
                return None;
            }
            Some(per_group[*group].claim(&naming::stream_method(method)))
        })
        .collect();
    let fetch_methods = api
        .operations
        .iter()
        .zip(of_operation)
        .zip(&methods)
        .map(|((op, group), method)| {
            // An operation has them on its group when it has them on the `Client`.
            op.pagination.as_ref()?.fetch.as_ref()?;
            Some(super::PageFetch::claim(&mut per_group[*group], method))
        })
        .collect();
    Methods {
        methods,
        with_methods,
        stream_methods,
        fetch_methods,
    }
}

impl Api {
    /// Groups the operations by their first tag (`--tag-features`), see [`Groups`].
    pub fn group_by_tag(&mut self) {
        let groups = group(self);
        // An operation's error enum names the method that returns it: on a grouped client,
        // that is the group's (`Pets::list`, not `Client::pets_list`), wherever the doc says it.
        for (i, op) in self.operations.iter().enumerate() {
            let group = &groups.groups[groups.of_operation[i]];
            let Some(doc) = &mut self.types[op.error.index()].doc else {
                continue;
            };
            let on_client = format!("`Client::{}`", op.name);
            let on_group = format!("`{}::{}`", group.type_name, groups.methods[i]);
            *doc = doc.replacen(&on_client, &on_group, 1);
        }
        self.groups = Some(groups);
    }
}
