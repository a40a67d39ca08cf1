"""``python -m api`` runs the command line, like the ``vbgraph`` script."""

from api.cli import main

main()
