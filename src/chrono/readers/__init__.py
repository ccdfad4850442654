"""Readers: one module per input format, from a file to validated event inputs.

`files` finds event files and reads chrono's own formats (YAML, JSON, JSON Lines, CSV); `ics` reads
iCalendar. Readers open files but never write to the database: the importer does that.
"""
