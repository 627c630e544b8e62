"""A real SMTP server for the tests (aiosmtpd, on a free local port), and the world's
people with addresses to send to."""

import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller

from marsad.accounts.models import User


class Mailbox:
    """What the server accepted, parsed as a mail client would read it. `refuse` holds
    addresses the server answers with 550; while `busy`, every address gets 451; `on_message` is called before a message is
    accepted (a test kills the sender there)."""

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.busy = False  # every recipient answered 451 (try again later)
        self.on_message = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if self.busy:
            return "451 4.3.2 system not accepting messages, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.on_message is not None and self.on_message(len(self.messages)) is False:
            return "451 4.3.0 try again later"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]

    def subjects(self, address):
        return sorted(subject(message) for message in self.to(address))


def subject(message) -> str:
    """The subject as a mail program shows it (a long one is folded onto the next line)."""
    return str(message["Subject"]).strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Mail goes through SMTP to a server started for the test; yields its mailbox."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_TIMEOUT = 10
    mailbox.host, mailbox.port = "127.0.0.1", controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def addresses(world):
    """Everyone in the world gets an address: <username>@example.org."""
    for user in User.objects.all():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return lambda user: f"{user.username}@example.org"
