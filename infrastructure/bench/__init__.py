"""`make bench`: throughput, latency, recovery and footprint of the real compose stack, beside the
ceilings of the broker and of gunicorn measured in the same run on the same machine."""
