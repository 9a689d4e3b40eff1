"""An event-sourced aggregate: its events are the source of truth, its state is what they add up to.

A stock item (stock of one product) records what happened to it as events in an append-only store.
Its current state is never stored: it is rebuilt by replaying its events. Read models (projections)
are built from the same events, and can be thrown away and rebuilt, or added later to answer a
question nobody asked when the events were recorded.
"""
