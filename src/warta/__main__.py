"""``python -m warta``: the command line."""

from .cli import main

main()
