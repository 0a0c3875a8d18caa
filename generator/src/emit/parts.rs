//! Which parts of the API are generated (client, server) and how items of one part are gated:
//! what every emitter asks before writing a part's items.

use proc_macro2::TokenStream;

/// Which parts of the API to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The reqwest client.
    pub client: bool,
    /// The server trait and axum router.
    pub server: bool,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            client: true,
            server: true,
        }
    }
}

/// Which parts a module's items serve, and whether they sit behind cargo features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    /// The generated parts.
    pub parts: Parts,
    /// Whether client and server items are behind the `client` and `server` features.
    pub gate: bool,
}

impl Features {
    /// What an item that only `part` uses needs: `None` when that part is not generated (leave
    /// the item out), else its `#[cfg(feature = …)]` (empty without gating).
    pub fn only_for(self, part: Part) -> Option<TokenStream> {
        let (generated, feature) = match part {
            Part::Client => (self.parts.client, "client"),
            Part::Server => (self.parts.server, "server"),
        };
        generated.then(|| {
            if self.gate {
                quote::quote!(#[cfg(feature = #feature)])
            } else {
                TokenStream::new()
            }
        })
    }
}

/// The client or the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The reqwest client.
    Client,
    /// The server trait and router.
    Server,
}
