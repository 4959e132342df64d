"""French date formats as a French newsroom writes them: `27 décembre 2025 à 14 h 01`.

Django's own French formats give `27 décembre 2025 14:01`; the desk writes hours the
French typographic way (« 14 h 01 »).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \à G \h i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = r"j N Y \à G \h i"
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = r"G \h i"
