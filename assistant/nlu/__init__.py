"""Natural-language understanding: intent, sentiment and entities of one message."""
