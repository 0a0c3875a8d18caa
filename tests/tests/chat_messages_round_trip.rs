//! A discriminator without `mapping` whose branches pin the tag property to one value
//! (`tests/fixtures/chat_messages.yaml`, shaped like OpenAI's `ChatCompletionRequestMessage`):
//! messages are told apart by the value each branch pins (`"role": "user"`), the component
//! name is accepted as well, and a conversation goes through the generated client and router.

mod support;

use std::sync::Arc;

use oasgen_tests::fixtures::chat_messages::client::Client;
use oasgen_tests::fixtures::chat_messages::operations::create_chat_completion;
use oasgen_tests::fixtures::chat_messages::server::{self, ChatMessages, RequestContext};
use oasgen_tests::fixtures::chat_messages::types::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageRole,
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessage,
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, LegacyMessage, UserRole,
};
use serde_json::{Value, json};

fn decode(value: Value) -> Result<ChatCompletionRequestMessage, String> {
    serde_json::from_value(value).map_err(|error| error.to_string())
}

/// Answers with the conversation it was sent.
struct Echo;

impl ChatMessages for Echo {
    async fn create_chat_completion(
        &self,
        _: RequestContext,
        request: create_chat_completion::Request,
    ) -> create_chat_completion::Response {
        create_chat_completion::Response::Ok(request.body)
    }
}

/// A conversation as the API's users write it: every role by its pinned value.
fn conversation() -> Value {
    json!({"messages": [
        {"role": "developer", "content": "Answer in French."},
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hello", "name": "ada"},
        {"role": "assistant", "content": "Bonjour"},
        {"role": "tool", "content": "42", "tool_call_id": "call_1"},
        {"role": "LegacyMessage", "text": "old style"}
    ]})
}

#[test]
fn each_message_is_recognised_by_the_value_its_branch_pins() {
    let request: CreateChatCompletionRequest =
        serde_json::from_value(conversation()).expect("a real conversation decodes");
    let kinds: Vec<&str> = request
        .messages
        .iter()
        .map(|message| match message {
            ChatCompletionRequestMessage::ChatCompletionRequestDeveloperMessage(_) => "developer",
            ChatCompletionRequestMessage::ChatCompletionRequestSystemMessage(_) => "system",
            ChatCompletionRequestMessage::ChatCompletionRequestUserMessage(_) => "user",
            ChatCompletionRequestMessage::ChatCompletionRequestAssistantMessage(_) => "assistant",
            ChatCompletionRequestMessage::ChatCompletionRequestToolMessage(_) => "tool",
            ChatCompletionRequestMessage::LegacyMessage(_) => "legacy",
        })
        .collect();
    assert_eq!(
        kinds,
        ["developer", "system", "user", "assistant", "tool", "legacy"]
    );
    // Written back as it came: the payload carries its own role.
    assert_eq!(
        serde_json::to_value(&request).expect("encodes"),
        conversation()
    );
}

#[test]
fn the_component_name_is_accepted_too_and_unknown_roles_are_refused() {
    // The implicit mapping the spec states still selects the branch: here one whose `role` is
    // a `const`, which the generated type holds as a plain string.
    let by_name = decode(json!({"role": "ChatCompletionRequestSystemMessage", "content": "hi"}));
    assert_eq!(
        by_name,
        Ok(
            ChatCompletionRequestMessage::ChatCompletionRequestSystemMessage(
                ChatCompletionRequestSystemMessage {
                    role: "ChatCompletionRequestSystemMessage".into(),
                    content: "hi".into(),
                }
            )
        )
    );
    let error = decode(json!({"role": "narrator", "content": "Once"})).expect_err("no such role");
    for expected in [
        "narrator",
        "`user`",
        "`ChatCompletionRequestUserMessage`",
        "`LegacyMessage`",
    ] {
        assert!(error.contains(expected), "{expected}: {error}");
    }
}

#[tokio::test]
async fn a_conversation_goes_through_client_and_router() {
    let base_url = support::serve(server::router(Arc::new(Echo))).await;
    let client = Client::new(base_url);
    let sent = CreateChatCompletionRequest {
        messages: vec![
            ChatCompletionRequestMessage::ChatCompletionRequestSystemMessage(
                ChatCompletionRequestSystemMessage {
                    role: "system".into(),
                    content: "You are terse.".into(),
                },
            ),
            ChatCompletionRequestMessage::ChatCompletionRequestUserMessage(
                ChatCompletionRequestUserMessage {
                    role: UserRole::User,
                    content: "Hello".into(),
                    name: None,
                },
            ),
            ChatCompletionRequestMessage::ChatCompletionRequestAssistantMessage(
                ChatCompletionRequestAssistantMessage {
                    role: ChatCompletionRequestAssistantMessageRole::Assistant,
                    content: Some("Bonjour".into()),
                },
            ),
            ChatCompletionRequestMessage::LegacyMessage(LegacyMessage {
                role: "LegacyMessage".into(),
                text: "old style".into(),
            }),
        ],
    };
    let received = client
        .create_chat_completion(&sent)
        .await
        .expect("the router accepts every role");
    assert_eq!(received, sent);
}
