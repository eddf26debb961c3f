"""The privacy notice: hub staff publish versions, and everyone signed in sees each new one once.

A person who has not seen the current version is shown it before any other page
(privacy.notice.middleware). The current version's number lives in the cache, so a page load
by someone who has seen it asks the database nothing; publishing a version clears it.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from participants.models import User
from privacy.models import PrivacyNotice, PrivacyNoticeReading

CURRENT_VERSION_KEY = "privacy:notice:current-version"
# A guard against a version changed outside publish_notice (the shell): the cache forgets it this soon.
CURRENT_VERSION_SECONDS = 60 * 60
# Two publishers at the same moment both choose the next number; the unique version makes one of them
# choose again rather than overwrite the other.
NUMBERING_ATTEMPTS = 3


def publish_notice(text: str, *, summary: str, actor: User | None) -> PrivacyNotice:
    """A new version of the notice, numbered after the last; everyone but its publisher sees it at their next page."""
    text = _normalised(text)
    summary = summary.strip()
    if not text:
        raise ValidationError({"text": "Enter the text of the privacy notice"})
    current = current_notice()
    if current is not None and current.text == text:
        # A version nobody can tell from the last would only make everyone press Continue again.
        raise ValidationError({"text": f"The text is the same as version {current.version}. Change it before you publish"})
    attempts_left = NUMBERING_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                last = PrivacyNotice.objects.aggregate(last=Max("version"))["last"] or 0
                notice = PrivacyNotice.objects.create(version=last + 1, text=text, summary=summary, published_by=actor)
                if actor is not None:
                    # Who published the text has read it.
                    PrivacyNoticeReading.objects.create(user=actor, notice=notice, seen_at=notice.published_at)
                # Forgotten now and again once committed: a page load between the two may have cached the old number.
                cache.delete(CURRENT_VERSION_KEY)
                transaction.on_commit(lambda: cache.delete(CURRENT_VERSION_KEY))
            return notice
        except IntegrityError:
            attempts_left -= 1
            if not attempts_left:
                raise


def current_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.select_related("published_by").order_by("-version").first()


def current_version() -> int:
    """The current version's number, 0 when none is published: from the cache when it has it."""
    version = cache.get(CURRENT_VERSION_KEY)
    return refresh_current_version() if version is None else version


def refresh_current_version() -> int:
    """Read the current version's number from the database into the cache (also at every sign-in:
    privacy.notice.signals)."""
    version = PrivacyNotice.objects.aggregate(last=Max("version"))["last"] or 0
    cache.set(CURRENT_VERSION_KEY, version, CURRENT_VERSION_SECONDS)
    return version


def has_seen(user: User, version: int) -> bool:
    return PrivacyNoticeReading.objects.filter(user=user, notice__version=version).exists()


def needs_to_see(user: User) -> bool:
    """Whether the person has yet to see the current version (never, when none is published)."""
    version = current_version()
    return bool(version) and not has_seen(user, version)


def record_seen(user: User, notice: PrivacyNotice) -> PrivacyNoticeReading:
    """The person saw this version now; seeing it again keeps the first time."""
    reading, _ = PrivacyNoticeReading.objects.get_or_create(user=user, notice=notice)
    return reading


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" or "paragraph"
    lines: tuple[str, ...]


def notice_blocks(text: str) -> list[Block]:
    """The notice's text as sub-headings and paragraphs, for a template to render (and escape).

    Paragraphs are separated by a blank line; a line starting "## " is a sub-heading, wherever it
    stands; the other lines of a paragraph keep their line breaks (an address, a list of bases).
    """
    blocks: list[Block] = []
    for chunk in _normalised(text).split("\n\n"):
        lines: list[str] = []
        for line in chunk.split("\n"):
            if line.startswith("## "):
                if lines:
                    blocks.append(Block("paragraph", tuple(lines)))
                    lines = []
                blocks.append(Block("heading", (line[3:].strip(),)))
            elif line.strip():
                lines.append(line.strip())
        if lines:
            blocks.append(Block("paragraph", tuple(lines)))
    return blocks


def _normalised(text: str) -> str:
    # A textarea posts "\r\n"; runs of blank lines are one paragraph break.
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = "\n".join(lines).strip()
    while "\n\n\n" in joined:
        joined = joined.replace("\n\n\n", "\n\n")
    return joined
