"""Renderers: pure functions from events to text, one module per output format.

A renderer reads no clock, opens no file and prints nothing, so the same events always render to the
same bytes.
"""
