"""pricetag: the small real program that the four build patterns turn into one executable file.

It prints or serves shelf labels: a product's name and its price. Its dependency (click) is what
makes a build step worth having: it must be installed into the executable, and the machine that
runs the executable needs nothing but Python.
"""


def label(name: str, price_cents: int) -> str:
    euros, cents = divmod(price_cents, 100)
    return f"{name}: EUR {euros}.{cents:02d}"


def built_by() -> str:
    """Which build made this executable; the build writes `_build.py` into the copy it packs."""
    try:
        from pricetag._build import BUILT_BY
    except ImportError:
        return "nobody (running from the source tree)"
    return BUILT_BY
