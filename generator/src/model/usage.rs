//! Which serde traits each type derives. In a small client, all types derive both, which is the
//! most convenient. In a large one (more than [`LARGE`] types), each type derives only what the
//! API needs: `Serialize` for what requests carry, `Deserialize` for what responses and
//! callbacks carry, which roughly halves the serde code the compiler has to check. Types no
//! operation reaches are taken for data the API sends (webhook payloads, mostly) and derive
//! `Deserialize`.

use super::prune::{direct_uses, mentioned};
use super::{Api, Outcome, TypeId, TypeKind};

/// The serde traits one type derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SerdeUse {
    /// Derive `Serialize`.
    pub serialize: bool,
    /// Derive (or implement) `Deserialize`.
    pub deserialize: bool,
}

/// From this many types on, types derive only the serde traits the API needs.
pub const LARGE: usize = 300;

/// The traits of every type of `api`, by type id.
pub fn serde_use(api: &Api) -> Vec<SerdeUse> {
    let both = SerdeUse {
        serialize: true,
        deserialize: true,
    };
    if api.types.len() < LARGE {
        return vec![both; api.types.len()];
    }
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for op in &api.operations {
        op.path_params
            .iter()
            .for_each(|p| mentioned(&p.field.ty, &mut sent));
        if let Some(params) = &op.params {
            params
                .params
                .iter()
                .for_each(|p| mentioned(&p.field.ty, &mut sent));
        }
        if let Some(body) = &op.body {
            mentioned(&body.payload.ty, &mut sent);
        }
        for outcome in [&op.success, &op.error] {
            match outcome {
                Outcome::Empty => {}
                Outcome::Single(payload, _) => mentioned(&payload.ty, &mut received),
                Outcome::PerStatus(_, statuses) => statuses
                    .iter()
                    .flat_map(|(_, p)| p)
                    .for_each(|p| mentioned(&p.ty, &mut received)),
            }
        }
        if let Some(headers) = &op.success_headers {
            if let TypeKind::WithHeaders(Some(body), _) = &api.types[headers.ty].kind {
                mentioned(body, &mut received);
            }
        }
    }
    for hook in &api.webhooks {
        if let Some(payload) = &hook.payload {
            mentioned(payload, &mut received);
        }
    }
    // A type no operation reaches (in large specs, mostly payloads of events the API sends,
    // such as webhooks) is data the API sends: it derives `Deserialize`, and so must every
    // type it uses.
    let first_sent = reach(api, sent.clone());
    let first_received = reach(api, received.clone());
    for id in 0..api.types.len() {
        if !first_sent[id] && !first_received[id] {
            received.push(id);
        }
    }
    let sent = reach(api, sent);
    let received = reach(api, received);
    (0..api.types.len())
        .map(|id| SerdeUse {
            serialize: sent[id],
            deserialize: received[id],
        })
        .collect()
}

/// Every type reachable from `roots`.
fn reach(api: &Api, mut pending: Vec<TypeId>) -> Vec<bool> {
    let mut seen = vec![false; api.types.len()];
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        direct_uses(&api.types[id].kind, &mut pending);
    }
    seen
}
