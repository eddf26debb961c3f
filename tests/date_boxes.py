"""Form data for GOV.UK's date inputs in tests: a date (or "yyyy-mm-dd" as typed, real or not) posted as the
day, month and year boxes a person fills in."""

from datetime import date


def as_date_boxes(data: dict, names) -> dict:
    """`data` with each named date field replaced by its <name>_day, _month and _year boxes."""
    boxed = {key: value for key, value in data.items() if key not in names}
    for name in names:
        if name not in data:
            continue
        value = data[name]
        text = value.isoformat() if isinstance(value, date) else str(value or "")
        year, month, day = text.split("-") if text else ("", "", "")
        boxed.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    return boxed
