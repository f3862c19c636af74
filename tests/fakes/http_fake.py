"""A small threaded HTTP server on 127.0.0.1 that test doubles of providers build on."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    form: dict
    raw: bytes = field(repr=False, default=b"")
    status: int = 0  # what the fake answered


class FakeServer:
    """Start with `with FakeServer() as server:`; subclasses implement `respond`."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.fail_next = 0  # answer this many coming requests with HTTP 500
        self.throttle_next = 0  # answer this many with HTTP 429 and Retry-After
        self.retry_after = 60
        self.delay = 0.0  # seconds to wait before answering (a slow provider)
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args) -> None:  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def reset(self) -> None:
        """Forget earlier tests' requests and failures."""
        with self.lock:
            self.requests.clear()
            self.fail_next = self.throttle_next = 0
            self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        form = {key: values[-1] for key, values in parse_qs(raw.decode("utf-8")).items()}
        record = Recorded(handler.command, handler.path, dict(handler.headers), form, raw)
        with self.lock:
            failing = self.fail_next > 0
            throttled = not failing and self.throttle_next > 0
            if failing:
                self.fail_next -= 1
            elif throttled:
                self.throttle_next -= 1
            else:
                self.requests.append(record)
        headers = {}
        if self.delay:
            time.sleep(self.delay)
        if failing:
            status, body = 500, {"message": "fake provider failure"}
        elif throttled:
            status, body = 429, self.throttled_body()
            headers["Retry-After"] = str(self.retry_after)
        else:
            status, body = self.respond(record)
            record.status = status
        payload = json.dumps(body).encode()
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def respond(self, record: Recorded) -> tuple[int, dict]:
        raise NotImplementedError

    def throttled_body(self) -> dict:
        return {"message": "Too Many Requests", "status": 429}
