# Dates and times on the resident pages, in English (settings.FORMAT_MODULE_PATH; use
# {{ value|date:"SHORT_DATETIME_FORMAT" }}, never a literal English pattern in a template).
DATETIME_FORMAT = "M j, Y g:i A T"  # Dec 4, 2026 8:01 AM CST
SHORT_DATETIME_FORMAT = "M j, g:i A"  # Dec 4, 8:01 AM
TIME_FORMAT = "g:i A"  # 8:01 AM
DATE_FORMAT = "M j, Y"
