"""Programme views: event replies (anyone with the signed link) and hub staff event pages."""
