# Arabic: day, Arabic month name, the Arabic comma, then the time with ص/م after it
# ("4 ديسمبر، 8:01 ص"). No English zone abbreviation ("CST"): every time is city time.
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "j F، g:i A"
TIME_FORMAT = "g:i A"
DATE_FORMAT = "j F Y"
