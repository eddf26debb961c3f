"""A GIAS establishment extract as DfE publishes it: every heading of edubasealldataYYYYMMDD.csv, Windows-1252,
dates dd-MM-yyyy. The import reads about 30 of the columns; the rest must be ignored, whatever they hold."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

SEN_COLUMNS = [f"SEN{n} (name)" for n in range(1, 14)]

# The headings of the full extract, in the order GIAS writes them.
EXTRACT_HEADINGS = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)", "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)", "EstablishmentStatus (name)", "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)", "OpenDate", "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)",
    "CloseDate", "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)", "OfficialSixthForm (name)",
    "Gender (code)", "Gender (name)", "ReligiousCharacter (code)", "ReligiousCharacter (name)", "ReligiousEthos (name)",
    "Diocese (code)", "Diocese (name)", "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity",
    "SpecialClasses (code)", "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls",
    "PercentageFSM", "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)",
    "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)", "Federations (code)", "Federations (name)",
    "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)", "OfstedLastInsp", "OfstedSpecialMeasures (code)",
    "OfstedSpecialMeasures (name)", "LastChangedDate", "Street", "Locality", "Address3", "Town", "County (name)", "Postcode",
    "SchoolWebsite", "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle",
    "BSOInspectorateName (name)", "InspectorateReport", "DateOfLastInspectionVisit", "NextInspectionVisit",
    "TeenMoth (name)", "TeenMothPlaces", "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
    "EdByOther (name)", "Section41Approved (name)", *SEN_COLUMNS, "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "GOR (name)",
    "DistrictAdministrative (code)", "DistrictAdministrative (name)", "AdministrativeWard (code)",
    "AdministrativeWard (name)", "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)",
    "UrbanRural (code)", "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)", "LSOA (name)",
    "InspectorateName (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)", "PropsName", "PreviousLA (code)",
    "PreviousLA (name)", "PreviousEstablishmentNumber", "OfstedRating (name)", "RSCRegion (name)", "Country (name)", "UPRN",
    "SiteName", "QABName (code)", "QABName (name)", "EstablishmentAccredited (code)", "EstablishmentAccredited (name)",
    "QABReport", "CHNumber", "MSOA (code)", "LSOA (code)", "FSM", "AccreditationExpiryDate",
]
PHASES = ["Primary", "Secondary", "All-through", "Not applicable", "Nursery", "16 plus"]
TYPES = [("01", "Community school"), ("34", "Academy converter"), ("28", "Academy sponsor led"), ("02", "Voluntary aided school")]


def extract_row(urn: int, n: int, *, name: str | None = None, status: str = "Open", close_date: str = "") -> dict[str, str]:
    """One establishment, every column filled as GIAS fills it (cp1252 letters included)."""
    type_code, type_name = TYPES[n % len(TYPES)]
    opened = date(1950, 1, 1) + timedelta(days=n * 7 % 25_000)
    values = {heading: "" for heading in EXTRACT_HEADINGS}
    values.update({
        "URN": str(urn), "LA (code)": str(800 + n % 150), "LA (name)": f"Authority {n % 150}",
        "EstablishmentNumber": f"{2000 + n % 7000}", "EstablishmentName": name or f"St Mary’s School {n}",
        "TypeOfEstablishment (code)": type_code, "TypeOfEstablishment (name)": type_name,
        "EstablishmentTypeGroup (code)": "4", "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "EstablishmentStatus (code)": "2" if status == "Closed" else "1", "EstablishmentStatus (name)": status,
        "ReasonEstablishmentOpened (name)": "Not applicable", "OpenDate": f"{opened:%d-%m-%Y}",
        "ReasonEstablishmentClosed (name)": "Academy Converter" if status == "Closed" else "Not applicable",
        "CloseDate": close_date, "PhaseOfEducation (code)": str(n % 6), "PhaseOfEducation (name)": PHASES[n % 6],
        "StatutoryLowAge": "4", "StatutoryHighAge": "11", "Gender (name)": "Mixed", "ReligiousCharacter (name)": "Does not apply",
        "SchoolCapacity": "420", "CensusDate": "16-01-2025", "NumberOfPupils": str(100 + n % 900), "NumberOfBoys": "200",
        "NumberOfGirls": "210", "PercentageFSM": "12.5", "Trusts (code)": str(10_000 + n % 500) if n % 2 else "",
        "Trusts (name)": f"Café Learning Trust {n % 500}" if n % 2 else "", "UKPRN": str(10_000_000 + n),
        "OfstedLastInsp": "12-03-2023", "LastChangedDate": "01-09-2025", "Street": f"{n % 200} Mill Lane",
        "Town": f"Town {n % 400}", "County (name)": "Gloucestershire", "Postcode": f"GL{n % 20} {n % 9}AB",
        "SchoolWebsite": f"www.school{n}.sch.uk", "TelephoneNum": f"0145{n:07d}"[:11], "HeadTitle (name)": "Mrs",
        "HeadFirstName": "Zoë", "HeadLastName": f"Head{n}", "HeadPreferredJobTitle": "Headteacher",
        "GOR (name)": "South West", "DistrictAdministrative (code)": f"E0700{n % 90:04d}",
        "DistrictAdministrative (name)": f"District {n % 90}", "UrbanRural (name)": "Urban city and town",
        "Easting": "383000", "Northing": "218000", "MSOA (name)": "Stroud 001", "LSOA (name)": "Stroud 001A",
        "OfstedRating (name)": "Good", "RSCRegion (name)": "South-West", "Country (name)": "United Kingdom", "UPRN": str(n),
        "FSM": "52",
    })
    return values


def write_extract(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write rows as GIAS does: every heading, Windows-1252, CRLF line ends."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXTRACT_HEADINGS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_links(path: Path, links: list[tuple[int, int, str, str, str]]) -> Path:
    """The links file: URN,LinkURN,LinkName,LinkType,LinkEstablishedDate, Windows-1252."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"])
        writer.writerows(links)
    return path
