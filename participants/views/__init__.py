"""Views by feature; each module's URLs live in the matching participants/urls_*.py."""
