"""A small local HTTP server speaking the OpenAI chat-completions streaming protocol: the
only faked thing, the outside world (shared by the generation and web tests)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOLD_S = 90.0  # the longest a held stream waits (a test releases it sooner)


class FakeOpenAI:
    """``reply`` is streamed back word by word; ``requests`` keeps every request body.
    After the role chunk a stream waits while ``release`` is clear (set by default), so a
    test can hold a reply mid-stream; ``started`` is set when a stream has begun."""

    def __init__(self) -> None:
        self.reply = "It is a good fit."
        self.release = threading.Event()
        self.release.set()
        self.started = threading.Event()
        self.status = 200
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append(body)
                owner.headers.append(dict(self.headers))
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.end_headers()
                    return
                if owner.status != 200:
                    self.send_response(owner.status)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                first = {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}
                self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
                self.wfile.flush()
                owner.started.set()
                owner.release.wait(HOLD_S)
                words = owner.reply.split(" ")
                for n, word in enumerate(words):
                    piece = word if n == 0 else " " + word
                    chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
