"""CSV downloads that are safe to open in a spreadsheet.

Report cells hold text residents and agents typed ("caller asked ..."): a cell starting
with = + - @ (or a tab / carriage return before one) would run as a formula in Excel or
LibreOffice, so such cells are prefixed with an apostrophe, as OWASP recommends. Files are
UTF-8 with a byte-order mark so spreadsheets show accents and Arabic correctly.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response
