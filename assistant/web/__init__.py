"""The web front end (Gradio): shopper chat, support-agent console and shop insights.

Import ``assistant.web.app`` for ``build_app`` / ``main``; it imports gradio."""
