//! The generated crate's own `Client` and `ClientBuilder`: thin wrappers over the runtime's, so
//! each API's operation methods and credential setters are inherent methods of a type of its
//! own crate. That is what lets a crate depend on the runtime crate instead of carrying a copy
//! (methods cannot be added to another crate's type), and keeps two APIs' clients apart.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// `Client`, `ClientBuilder` and the builder settings every API has, forwarded to the runtime.
pub fn emit_client_types(api: &Api) -> TokenStream {
    let client_doc = super::doc_text::rustdoc_safe(&format!(
        " A client for {}. Cheap to clone: clones share one connection pool.",
        api.title
    ));
    let request = request_method(api);
    let builder = builder_type();
    let (client_keys, builder_keys) = idempotency_settings(api);
    let header_views = header_views(api);
    let oasgen = format!(" oasgen/{}", env!("CARGO_PKG_VERSION"));
    let reexports = runtime_reexports(api);
    quote! {
        #reexports

        /// Sent as `User-Agent` unless a `user-agent` header is set: this crate, its version,
        /// and the generator's.
        const USER_AGENT: &str =
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), #oasgen);

        #[doc = #client_doc]
        ///
        /// Each operation method encodes its request when called and returns a `Send + 'static`
        /// future that sends it when first polled: the future borrows neither the client nor
        /// the arguments.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: super::runtime::client::Client,
        }

        impl Client {
            /// A client for the API at `base_url`, with default settings: 10 s to connect, 60 s
            /// at most without a byte of the response, no deadline for the whole request,
            /// retries by [`RetryPolicy::default`].
            pub fn new(base_url: impl Into<String>) -> Self {
                let inner = super::runtime::client::Client::new(base_url).with_user_agent(USER_AGENT) #client_keys;
                Client { inner }
            }

            /// A builder for a client for the API at `base_url`.
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                let inner = super::runtime::client::Client::builder(base_url).default_user_agent(USER_AGENT) #builder_keys;
                ClientBuilder { inner }
            }

            /// A view of this client whose requests carry `options` as well (headers replacing
            /// the client's of the same name, a deadline, an idempotency key, a retry policy).
            /// Cheap: views share the connection pool, and the client itself is unchanged.
            pub fn with(&self, options: RequestOptions) -> Client {
                Client { inner: self.inner.with(options) }
            }

            #header_views

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// The `reqwest::Client` requests are built with, and sent with unless a
            /// middleware client sends them ([`ClientBuilder::http_client`]).
            pub fn http_client(&self) -> &reqwest::Client {
                self.inner.http_client()
            }

            #request
        }

        #builder
    }
}

/// The runtime's client types users name through this module; `LinesBody` where JSON Lines
/// request bodies are given as one.
fn runtime_reexports(api: &Api) -> TokenStream {
    let lines_body = api
        .operations
        .iter()
        .any(|op| {
            op.body
                .as_ref()
                .and_then(super::operations::streamed_item)
                .is_some()
        })
        .then(|| {
            quote!(
                pub use super::runtime::client::LinesBody;
            )
        });
    quote! {
        pub use super::runtime::client::{
            BuildError, Call, Error, RequestHook, RequestOptions, ResponseValue, RetryPolicy,
        };
        #lines_body
    }
}

/// `Client::request`, where operation methods start their requests (an API of webhooks only
/// has none).
fn request_method(api: &Api) -> Option<TokenStream> {
    // With every group's feature off, no operation method calls it.
    let unused = (!api.groups.is_empty()).then(|| quote!(#[allow(dead_code)]));
    (!api.operations.is_empty()).then(|| {
        quote! {
            #unused
            fn request(
                &self,
                operation: &'static str,
                method: reqwest::Method,
                path: &'static str,
            ) -> super::runtime::client::RequestBuilder {
                self.inner.request(operation, method, path)
            }
        }
    })
}

/// The calls that tell the runtime's client and builder the API's idempotency header, so keys
/// of `RequestOptions` travel in it (and, when the configuration names it, every POST and
/// PATCH gets one); nothing when the API has none.
fn idempotency_settings(api: &Api) -> (TokenStream, TokenStream) {
    match &api.idempotency {
        Some(header) => {
            let name = &header.wire_name;
            let every_post = header.every_post;
            (
                quote!(.with_idempotency_header(#name, #every_post)),
                quote!(.idempotency_header(#name, #every_post)),
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    }
}

/// `ClientBuilder`: the runtime's builder, its settings forwarded one by one (a generated
/// crate adds the API's own credential and header setters beside them).
fn builder_type() -> TokenStream {
    let credentials = builder_credentials();
    let transport = builder_transport();
    quote! {
        /// Configures a [`Client`].
        #[derive(Debug)]
        pub struct ClientBuilder {
            inner: super::runtime::client::ClientBuilder,
        }

        impl ClientBuilder {
            #credentials
            #transport
        }
    }
}

/// The builder's headers and credentials sent with every request.
fn builder_credentials() -> TokenStream {
    quote! {
            /// Sends `name: value` with every request. Values with CR, LF or other bytes invalid
            /// in a header are refused.
            pub fn header(self, name: &str, value: &str) -> Result<Self, BuildError> {
                Ok(ClientBuilder { inner: self.inner.header(name, value)? })
            }

            /// Sends a credential header (an API key) with every request; it never appears in
            /// `Debug` output or errors.
            pub fn secret_header(self, name: &str, value: &str) -> Result<Self, BuildError> {
                Ok(ClientBuilder { inner: self.inner.secret_header(name, value)? })
            }

            /// Sends `Authorization: Bearer <token>` with every request.
            pub fn bearer_token(self, token: &str) -> Result<Self, BuildError> {
                Ok(ClientBuilder { inner: self.inner.bearer_token(token)? })
            }

            /// Sends `name=value` in the query string of every request (an API key in the
            /// query); it never appears in `Debug` output or errors.
            pub fn secret_query(self, name: &str, value: &str) -> Self {
                ClientBuilder { inner: self.inner.secret_query(name, value) }
            }

            /// Sends a cookie with every request (an API key in a cookie). Names that are not
            /// tokens (empty, or with spaces, `=`, `;`, quotes, …) and values with `;`, `,`, CR
            /// or LF are refused.
            pub fn secret_cookie(self, name: &str, value: &str) -> Result<Self, BuildError> {
                Ok(ClientBuilder { inner: self.inner.secret_cookie(name, value)? })
            }

            /// Sends `Authorization: Basic …` with every request.
            pub fn basic_auth(self, user: &str, password: &str) -> Self {
                ClientBuilder { inner: self.inner.basic_auth(user, password) }
            }
    }
}

/// The builder's deadline, retries, request ids, hook, HTTP client, and `build`.
fn builder_transport() -> TokenStream {
    quote! {
            /// Gives up on an attempt after `timeout`, from sending it to reading the last byte
            /// of the response (a timed-out attempt may be retried: [`RetryPolicy`] bounds the
            /// whole); applied to each request, so it holds with
            /// [`ClientBuilder::http_client`] too. Without it there is no deadline: only 10 s to
            /// connect and 60 s without a byte (the built-in HTTP client's limits).
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                ClientBuilder { inner: self.inner.timeout(timeout) }
            }

            /// Retries failed requests by `policy`: connection failures, timeouts, 408, 429 and
            /// 5xx answers (not 501), honouring `Retry-After`; GET, HEAD, OPTIONS, PUT and
            /// DELETE always, POST and PATCH only with an idempotency key.
            /// [`RetryPolicy::none`] turns retries off.
            pub fn retry(self, policy: RetryPolicy) -> Self {
                ClientBuilder { inner: self.inner.retry(policy) }
            }

            /// Reads request ids (in errors and [`ResponseValue::request_id`]) from the `name`
            /// header instead of `x-request-id` or `request-id`.
            pub fn request_id_header(self, name: &str) -> Result<Self, BuildError> {
                Ok(ClientBuilder { inner: self.inner.request_id_header(name)? })
            }

            /// Runs `hook` on every attempt's request just before it is sent: to add a header
            /// the client cannot know in advance (a refreshed token, a signature of the
            /// request), anew for each retry.
            pub fn on_request(self, hook: RequestHook) -> Self {
                ClientBuilder { inner: self.inner.on_request(hook) }
            }

            /// Sends requests with an existing `reqwest::Client` (its proxies, TLS, pool and
            /// timeout settings: the connection and idle limits are then its own), or, with
            /// this crate's `middleware` feature, through a
            /// `reqwest_middleware::ClientWithMiddleware`, whose middleware sees every
            /// attempt (the retry policy still applies around it).
            pub fn http_client(
                self,
                http: impl Into<super::runtime::client::HttpClient>,
            ) -> Self {
                ClientBuilder { inner: self.inner.http_client(http) }
            }

            /// Builds the client.
            pub fn build(self) -> Result<Client, BuildError> {
                Ok(Client { inner: self.inner.build()? })
            }
    }
}

/// `with_<header>` for each header the configuration names (`with_organisation_id`): a view of
/// the client sending another value for this call, beside the builder method that sets it for
/// every call.
fn header_views(api: &Api) -> TokenStream {
    let views = api.default_headers.iter().map(|header| {
        let name = super::tokens::ident(&format!("with_{}", header.rust_name));
        let wire = &header.wire_name;
        let doc = format!(
            " A view of this client that sends `{wire}: value` (in place of the client's). \
             Values with CR, LF or other bytes invalid in a header are refused."
        );
        quote! {
            #[doc = #doc]
            pub fn #name(&self, value: &str) -> Result<Client, BuildError> {
                Ok(self.with(RequestOptions::new().header(#wire, value)?))
            }
        }
    });
    quote!(#(#views)*)
}
