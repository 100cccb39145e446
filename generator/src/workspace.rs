//! The clients a workspace lists under `[[workspace.metadata.clientgen.clients]]`, so the CLI,
//! CI and the staleness test regenerate and check the same things the same way.

use crate::{Generator, Settings};
use std::path::{Path, PathBuf};

/// One checked-in client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedClient {
    /// The workspace root.
    pub root: PathBuf,
    /// The spec, relative to the root.
    pub spec: PathBuf,
    /// The crate folder, relative to the root.
    pub out: PathBuf,
    /// The package name, if given.
    pub name: Option<String>,
    /// The entry's other keys (see [`crate::settings`]).
    pub settings: Settings,
}

impl ListedClient {
    /// The generator for this client; headers name paths relative to the root, so output does
    /// not depend on where the workspace is checked out.
    pub fn generator(&self) -> Generator {
        // Overlays are named relative to the root, as the spec is.
        let mut settings = self.settings.clone();
        settings.overlays_relative_to(&self.root);
        let mut generator = Generator::new(self.root.join(&self.spec))
            .display_root(&self.root)
            .settings(settings);
        if let Some(name) = &self.name {
            generator = generator.crate_name(name);
        }
        let command = generator.command_line(Some(&self.out));
        generator.command(command)
    }

    /// The crate folder.
    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.out)
    }
}

/// The clients listed by the nearest `Cargo.toml` at or above `start` that lists any.
pub fn find_clients(start: &Path) -> Result<Vec<ListedClient>, String> {
    let mut folder = Some(start);
    while let Some(dir) = folder {
        let manifest = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            if let Some(clients) = clients_in(dir, &manifest, &text)? {
                return Ok(clients);
            }
        }
        folder = dir.parent();
    }
    Err("no Cargo.toml here or above lists clients under \
         [[workspace.metadata.clientgen.clients]] (keys `spec`, `out`, `name`); \
         run `clientgen generate <SPEC> --out <DIR>`, or see `clientgen --help`"
        .to_string())
}

fn clients_in(
    root: &Path,
    manifest: &Path,
    text: &str,
) -> Result<Option<Vec<ListedClient>>, String> {
    let doc: toml::Table =
        toml::from_str(text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let clients = doc
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("clientgen"))
        .and_then(|c| c.get("clients"))
        .and_then(|c| c.as_array());
    let Some(clients) = clients else {
        return Ok(None);
    };
    let mut listed = Vec::new();
    for (i, client) in clients.iter().enumerate() {
        let field = |key: &str| client.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let (Some(spec), Some(out)) = (field("spec"), field("out")) else {
            return Err(format!(
                "{}: workspace.metadata.clientgen.clients[{i}] needs `spec` and `out`",
                manifest.display()
            ));
        };
        let mut rest = client.as_table().cloned().unwrap_or_default();
        for key in ["spec", "out", "name"] {
            rest.remove(key);
        }
        let settings = Settings::from_table(rest).map_err(|e| {
            format!(
                "{}: workspace.metadata.clientgen.clients[{i}]: {e}",
                manifest.display()
            )
        })?;
        listed.push(ListedClient {
            root: root.to_path_buf(),
            spec: spec.into(),
            out: out.into(),
            name: field("name"),
            settings,
        });
    }
    Ok(Some(listed))
}
