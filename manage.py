#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubportal.settings")
    # manage.py is the developer's tool: with nothing set it runs in DEBUG (the web server and
    # worker do not). Production exports DEBUG=0, and `check --deploy` reports it if not.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
