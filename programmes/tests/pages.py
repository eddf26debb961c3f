"""What programmes' page and email tests share."""

import email


def page_text(response) -> str:
    """The page's content with runs of whitespace (the templates' line breaks and indents) made single spaces."""
    return " ".join(response.content.decode().split())


def parts_of(message) -> list:
    """The sent message as the recipient's mail client reads it."""
    return list(email.message_from_bytes(message.message().as_bytes()).walk())


def qr_image_part(message):
    """The message's one PNG part: the check-in QR code."""
    images = [part for part in parts_of(message) if part.get_content_type() == "image/png"]
    assert len(images) == 1
    return images[0]
