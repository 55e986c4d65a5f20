# Spanish: day before month, lower-case month, 24-hour clock ("4 dic, 8:01"). Every time
# on the site is city time, so no zone abbreviation (an English "CST") is shown.
DATETIME_FORMAT = "j b Y, G:i"  # 4 dic 2026, 8:01
SHORT_DATETIME_FORMAT = "j b, G:i"  # 4 dic, 8:01
TIME_FORMAT = "G:i"  # 20:01
DATE_FORMAT = "j b Y"
