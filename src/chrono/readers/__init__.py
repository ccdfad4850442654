"""Readers: one module per input format, from a file to validated event inputs.

`files` finds event files and reads chrono's own formats (YAML, JSON, JSON Lines, CSV); `ics` reads
iCalendar. The formats of other tools (`formats` names them: Markwhen, TimelineJS, jrnl, Day One,
Wikidata, ACLED, GDELT, Aeon Timeline, a CSV through --map) each have a module that is a pure
function from a file's text to event mappings. Readers open files but never write to the database:
the importer does that.
"""
