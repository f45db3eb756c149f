"""Privacy: redaction of personal data before conversation text is stored."""

from assistant.privacy.redaction import REDACTION_TOKENS, redact, redact_data

__all__ = ["REDACTION_TOKENS", "redact", "redact_data"]
