#!/usr/bin/env python
import os
import sys


def main():
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
        os.environ["DJANGO_SETTINGS_MODULE"] = "salesops.settings.local"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
