//! Which serde traits each type derives. In a small client, all types derive both, which is the
//! most convenient. In a large one (more than [`LARGE`] types), each type derives only what the
//! API needs: `Serialize` for what requests carry, `Deserialize` for what responses and
//! callbacks carry, which roughly halves the serde code the compiler has to check. Types no
//! operation reaches are taken for data the API sends (webhook payloads, mostly) and derive
//! `Deserialize`.

use super::{Api, TypeId, walk};

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

/// Whether `api` has so many types that each derives only what the API needs. The operations'
/// error enums (one per operation) have no serde code and do not count.
pub fn is_large(api: &Api) -> bool {
    api.types.len().saturating_sub(api.operations.len()) >= LARGE
}

/// The traits of every type of `api`, by type id.
pub fn serde_use(api: &Api) -> Vec<SerdeUse> {
    let both = SerdeUse {
        serialize: true,
        deserialize: true,
    };
    if !is_large(api) {
        return vec![both; api.types.len()];
    }
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for op in &api.operations {
        let holds = walk::operation_types(op, &api.types);
        sent.extend(holds.sent.into_iter().filter_map(walk::mentioned));
        received.extend(holds.received.into_iter().filter_map(walk::mentioned));
    }
    for hook in &api.webhooks {
        received.extend(hook.payload.as_ref().and_then(walk::mentioned));
    }
    // A type no operation reaches (in large specs, mostly payloads of events the API sends,
    // such as webhooks) is data the API sends: it derives `Deserialize`, and so must every
    // type it uses.
    let first_sent = walk::reach(&api.types, sent.iter().copied());
    let first_received = walk::reach(&api.types, received.iter().copied());
    for id in 0..api.types.len() {
        if !first_sent[id] && !first_received[id] {
            received.push(TypeId(id));
        }
    }
    let sent = walk::reach(&api.types, sent);
    let received = walk::reach(&api.types, received);
    (0..api.types.len())
        .map(|id| SerdeUse {
            serialize: sent[id],
            deserialize: received[id],
        })
        .collect()
}
