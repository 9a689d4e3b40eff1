"""The shared database and what breaks with it.

Catalog, stock and sales share one SQLite file. It looks convenient: sales reads prices straight
from catalog's table and reserves stock in the same transaction as its order. `python -m
shared_database` shows what that costs: a rule of stock's bypassed, a change of catalog's breaking
sales, and one service's long transaction stalling another. The same change is then made where each
service owns its database: nothing breaks.
"""
