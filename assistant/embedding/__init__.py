from assistant.embedding.encoder import Encoder, default_encoder

__all__ = ["Encoder", "default_encoder"]
