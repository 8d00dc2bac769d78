"""Hebrew, day first (see lfs_site/formats/__init__.py): "6 בדצמבר 2026"."""

from lfs_site.formats.en.formats import (  # noqa: F401 - the same day-first inputs
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
)

DATE_FORMAT = "j בF Y"
DATETIME_FORMAT = "j בF Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j בF"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0
