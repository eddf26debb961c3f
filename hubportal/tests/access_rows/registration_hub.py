from . import LOGIN, answers

# Every school's ECTs: hub and AB staff only; anyone else must not learn the pages exist.
ALL_SCHOOLS_STAFF = answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200)

ROWS = {
    "participants:registration_list": ALL_SCHOOLS_STAFF,
    "participants:registration_export_csv": ALL_SCHOOLS_STAFF,
    "participants:registration_export_xlsx": ALL_SCHOOLS_STAFF,
}
