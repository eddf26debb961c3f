from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Personal data: retention, erasure, subject access and the privacy notice"

    def ready(self):
        # Connects its receivers; it needs the models, so it is imported once the apps are loaded.
        from privacy.notice import signals  # noqa: F401
