// Parse an iCalendar file with Mozilla's ical.js and print its events as JSON, for tests/ics_cases.py.
// Usage: node parse-ical.mjs FILE  ->  {"calendar": {...}, "events": [{uid, summary, description, start, ...}]}
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));

// Dates as "YYYY-MM-DD", UTC times as "YYYY-MM-DDTHH:MM:SSZ": the forms the Python side compares.
function show(time) {
  if (!time) return null;
  if (time.isDate) return time.toString();
  return time.convertToZone(ICAL.Timezone.utcTimezone).toString().replace(/Z?$/, "Z");
}

const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    start: show(event.startDate),
    end: show(event.endDate),
    allDay: event.startDate.isDate,
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
    status: component.getFirstPropertyValue("status"),
  };
});

const props = {};
for (const name of ["version", "prodid", "calscale", "method", "uid", "name", "x-wr-calname"]) {
  props[name] = calendar.getFirstPropertyValue(name);
}
process.stdout.write(JSON.stringify({ calendar: props, events }, null, 1) + "\n");
