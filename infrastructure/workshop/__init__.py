"""The workshop toolkit: drive the compose stack, break it on purpose, and watch it recover.

Used by the workshop console (`./workshop ...`) and by the tests, so a drill a participant runs is the
very drill CI runs.
"""
