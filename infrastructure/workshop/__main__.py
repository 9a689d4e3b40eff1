"""`python -m workshop`: the workshop console (the `./workshop` script at the repository root runs this)."""

from workshop.cli import main

main(prog_name="workshop")
