from django.apps import AppConfig


class AppropriateBodyConfig(AppConfig):
    name = "appropriate_body"
    verbose_name = "Appropriate body"
