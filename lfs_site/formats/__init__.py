"""Date and time formats of the three languages (FORMAT_MODULE_PATH): one format per kind of
date, day first in every language.

- a day (a date, or an all-day event): DATE_FORMAT, "6 December 2026";
- a moment (a date and time): DATETIME_FORMAT, "6 December 2026, 14:30";
- a month (the timeline's headings, a book's cover): YEAR_MONTH_FORMAT, "December 2026";
- a time of day: TIME_FORMAT, "14:30" (24 hours).

Pages and messages use only these names (tests/test_dates.py scans the templates and the
code for anything else). The SHORT_ formats are day first too, for the rare place that
needs digits; the input formats accept the day first and the browser's ISO dates.
"""
