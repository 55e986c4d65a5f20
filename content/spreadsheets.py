"""CSV downloads that are safe to open in a spreadsheet.

Report cells hold text residents and agents typed ("caller asked ..."): a cell starting
with = + - @ (or a tab / carriage return before one) would run as a formula in Excel or
LibreOffice, so such cells are prefixed with an apostrophe, as OWASP recommends. Files are
UTF-8 with a byte-order mark so spreadsheets show accents and Arabic correctly.
"""

import csv

from django.http import HttpResponse

from wagtail.admin.views.mixins import SpreadsheetExportMixin

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


def make_wagtail_exports_safe():
    """Every CSV Wagtail itself exports (site history, page reports, listings) gets the
    same treatment as Beacon's own: Wagtail's SpreadsheetExportMixin writes a log entry's
    text such as '=HYPERLINK(...)' raw (issue 23 point 12). XLSX is already safe there
    (openpyxl cells detected as formulas are written as text)."""
    if getattr(SpreadsheetExportMixin.write_csv_row, "formula_safe", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()})

    write_csv_row.formula_safe = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
