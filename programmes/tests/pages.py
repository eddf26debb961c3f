"""What programmes' page tests share."""


def page_text(response) -> str:
    """The page's content with runs of whitespace (the templates' line breaks and indents) made single spaces."""
    return " ".join(response.content.decode().split())
