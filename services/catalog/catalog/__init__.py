"""Catalog: the bounded context that owns products and their prices."""
