"""Errors a user may see: each carries a message that says what happened and what to do."""


class AssistantError(RuntimeError):
    """Base class: the message is meant for the user."""


class StoreError(AssistantError):
    """The index is missing, unreadable or inconsistent."""


class LLMError(AssistantError):
    """The LLM endpoint failed (refused, timed out, HTTP error, bad key, malformed stream)."""


class QuestionError(AssistantError):
    """The question cannot be answered as given (empty, ...)."""
