"""Reading the console's output as a person reads it: the cells of its tables."""


def table_rows(output: str) -> dict[str, list[str]]:
    """The body rows of a rich table as {first cell: [the other cells]}, read from the text a person sees."""
    rows = {}
    for line in output.splitlines():
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            if cells[0]:
                rows[cells[0]] = cells[1:]
    return rows
