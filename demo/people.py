"""The demo's people: the domain of every demo address, its one password, its random seed, and the
names a new demo person is drawn from (deterministically, so every build is the same)."""

import random
import re
from dataclasses import dataclass

DEMO_DOMAIN = "demo.example.org"
DEMO_PASSWORD = "demo-password-2026"
SEED = 2026

FIRST_NAMES = (
    "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Arthur", "Mia", "Leo",
    "Priya", "Mohammed", "Aisha", "Ibrahim", "Zara", "Yusuf", "Chloe", "Jack", "Grace", "Harry",
    "Sophie", "Thomas", "Emily", "James", "Hannah", "Daniel", "Lucy", "Samuel", "Megan", "Joseph",
    "Niamh", "Callum", "Siobhan", "Rhys", "Ffion", "Owen", "Eilidh", "Fraser", "Chiamaka", "Kwame",
    "Amara", "Tomasz", "Agnieszka", "Mateusz", "Anjali", "Ravi", "Mei", "Wei", "Fatima", "Bilal",
)
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
    "Khan", "Ahmed", "Begum", "Hussain", "Ali", "Shah", "Singh", "Kaur", "Okafor", "Mensah",
    "Nowak", "Kowalski", "Chen", "Wong", "Murphy", "O'Brien", "MacDonald", "Campbell", "Price", "Morgan",
)


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str
    last_name: str


def new_person(rng: random.Random, taken: set[str]) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    base = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
    email, n = f"{base}@{DEMO_DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{DEMO_DOMAIN}"
    taken.add(email)
    return Person(email, first, last)
