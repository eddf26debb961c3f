"""What each person's home page tells them to do next: one small module per role.

Every figure is counted in the database (grouped counts, annotations), and each role's panel costs
a fixed number of queries however many schools, ECTs, events or cases there are. Functions take
what they need explicitly (the user, today or now) and return small dataclasses for the templates;
the view in hubportal.views only picks the panels for the user's roles.
"""
