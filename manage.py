#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    from django.core.management import execute_from_command_line

    from meetings.audit.context import as_command

    # Whatever a command changes is recorded as coming through the command door, Django's
    # own (createsuperuser, changepassword, shell) too; ours name themselves inside.
    name = sys.argv[1] if len(sys.argv) > 1 else "manage.py"
    as_command(name)(execute_from_command_line)(sys.argv)


if __name__ == "__main__":
    main()
