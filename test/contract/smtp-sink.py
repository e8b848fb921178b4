"""An SMTP server on loopback for the contract suite (aiosmtpd, from the generated
project's own dev dependencies): appends each message it receives to a file as one JSON
line, {"to", "subject", "body"}, until SIGTERM.

    python smtp-sink.py <port> <file>
"""

import json
import signal
import sys
import threading
from email import message_from_bytes, policy
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path: str) -> None:
        self.path = path

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        line = {"to": message["To"], "subject": message["Subject"], "body": message.get_content()}
        with open(self.path, "a", encoding="utf-8") as mailbox:
            mailbox.write(json.dumps(line) + "\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(path), hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print("ready", flush=True)
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
