//! The client's `<op>_stream` method for a cursor-paginated list: every item, page after
//! page, as one `Stream`.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{error_type, non_path_params, path_params};
use super::tokens::{Scope, ident, type_tokens};
use crate::ir::{Api, Operation, Presence, Primitive, TypeRef};

/// `<op>_stream`: every item of a cursor-paginated list, page after page.
pub(super) fn stream_method(api: &Api, operation: &Operation) -> TokenStream {
    let Some(pagination) = &operation.pagination else {
        return TokenStream::new();
    };
    let name = ident(&pagination.stream_method);
    let method = ident(&operation.name);
    let module = ident(&operation.name);
    let item = type_tokens(&pagination.item_ty, Scope::Outside);
    let error = error_type(operation);
    let (path_args, path_values, path_clones) = stream_path_args(api, operation);
    let cursor = next_cursor(pagination);
    let more = match &pagination.has_more {
        Some(step) => {
            let field = ident(&step.field);
            match step.presence {
                Presence::Always => quote!(page.#field &&),
                Presence::Optional => quote!(page.#field.unwrap_or(true) &&),
                Presence::Nullable => quote!(page.#field.into_value().unwrap_or(true) &&),
            }
        }
        None => TokenStream::new(),
    };
    let rest = (non_path_params(operation).count() > 1).then(|| quote!(..params));
    let items_field = ident(&pagination.items_field);
    let items = match pagination.items_presence {
        Presence::Always => quote!(page.#items_field),
        Presence::Optional => quote!(page.#items_field.unwrap_or_default()),
        Presence::Nullable => quote!(page.#items_field.into_value().unwrap_or_default()),
    };
    let cursor_param = ident(&pagination.cursor_param);
    let doc = format!(
        " Every item of [`Client::{}`], page after page: follows the next cursor until the server gives none (or repeats one).",
        operation.name
    );
    let page_ty = operation
        .responses
        .iter()
        .find(|response| response.success)
        .and_then(|response| response.content.as_ref())
        .map(|content| type_tokens(&content.ty, Scope::Outside))
        .unwrap_or_else(|| quote!(_));
    quote! {
        #[doc = #doc]
        pub fn #name<'a>(
            &'a self,
            #(#path_args,)*
            params: operations::#module::Params,
        ) -> impl futures::Stream<Item = Result<#item, Error<#error>>> + 'a {
            paginate(
                params,
                move |params| {
                    #(#path_clones)*
                    async move {
                        let page = Client::#method(self, #(#path_values,)* &params).await?;
                        Ok((page, params))
                    }
                },
                |page: #page_ty, params| {
                    let next = #cursor.cloned().filter(|next| #more Some(next) != params.#cursor_param.as_ref());
                    let next_params = next.map(|cursor| operations::#module::Params { #cursor_param: Some(cursor), #rest });
                    (#items, next_params)
                },
            )
        }
    }
}

/// A stream method's path arguments, the values each page's call passes, and the clones made
/// for each page: copied when they can be, otherwise cloned before the page's `async move`
/// block takes them (the closure keeps its own for the next page).
fn stream_path_args(
    api: &Api,
    operation: &Operation,
) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let path_args: Vec<TokenStream> = path_params(operation)
        .map(|param| {
            let arg = ident(&param.rust_name);
            let ty = match &param.ty {
                TypeRef::Primitive(Primitive::String) => quote!(&'a str),
                other => type_tokens(other, Scope::Outside),
            };
            quote!(#arg: #ty)
        })
        .collect();
    let path_values: Vec<TokenStream> = path_params(operation)
        .map(|param| {
            let arg = ident(&param.rust_name);
            quote!(#arg)
        })
        .collect();
    let path_clones: Vec<TokenStream> = path_params(operation)
        .filter(|param| {
            !(matches!(param.ty, TypeRef::Primitive(Primitive::String))
                || super::tokens::is_copy(api, &param.ty))
        })
        .map(|param| {
            let arg = ident(&param.rust_name);
            quote!(let #arg = #arg.clone();)
        })
        .collect();
    (path_args, path_values, path_clones)
}

/// The page's next cursor, as an `Option<&_>`, following the pagination's steps.
fn next_cursor(pagination: &crate::ir::Pagination) -> TokenStream {
    let mut cursor = TokenStream::new();
    for (index, step) in pagination.next_cursor.iter().enumerate() {
        let field = ident(&step.field);
        cursor = match (index, step.presence) {
            (0, Presence::Optional) => quote!(page.#field.as_ref()),
            (0, Presence::Nullable) => quote!(page.#field.value()),
            (0, Presence::Always) => quote!(Some(&page.#field)),
            (_, Presence::Optional) => quote!(#cursor.and_then(|v| v.#field.as_ref())),
            (_, Presence::Nullable) => quote!(#cursor.and_then(|v| v.#field.value())),
            (_, Presence::Always) => quote!(#cursor.map(|v| &v.#field)),
        };
    }
    if cursor.is_empty() {
        cursor = quote!(None::<&String>);
    }
    cursor
}
